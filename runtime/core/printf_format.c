/* SPDX-License-Identifier: MIT */
/*
 * The printf formatter (printf_format.h). Each conversion is rebuilt as a
 * C conversion from the parsed specification (so only flags, width and
 * precision the parser accepted reach the C library) and formatted with
 * snprintf at the C type the OpenCL C length modifier names; vector
 * components are formatted one by one and joined with ','.
 */
#include "core/printf_format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/printf_spec.h"

/* Longest conversion: width and precision at most 4095, plus the digits of DBL_MAX. */
#define CONV_MAX (2 * HMMCL_PF_MAX_FIELD + 400)

static void append(struct hmmcl_pf_out *out, const char *s, size_t n)
{
    if (out->oom || !n)
        return;
    if (out->len + n > out->cap) {
        size_t cap = out->cap ? out->cap : 256;
        while (cap < out->len + n)
            cap *= 2;
        char *b = realloc(out->buf, cap);
        if (!b) {
            out->oom = 1;
            return;
        }
        out->buf = b;
        out->cap = cap;
    }
    memcpy(out->buf + out->len, s, n);
    out->len += n;
}

void hmmcl_pf_out_free(struct hmmcl_pf_out *out)
{
    free(out->buf);
    out->buf = NULL;
    out->len = out->cap = 0;
}

static void pad_spaces(struct hmmcl_pf_out *out, size_t n)
{
    static const char spaces[] = "                                ";
    while (n) {
        size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
        append(out, spaces, k);
        n -= k;
    }
}

/* "%<flags><width>.<precision><length><conv>" for snprintf; @length is C's ("ll" or ""). */
static void c_spec(const struct hmmcl_pf_spec *sp, const char *length, char conv, char *buf,
                   size_t size)
{
    size_t n = 0;
    buf[n++] = '%';
    for (unsigned i = 0; i < 5; i++) {
        if (sp->flags & (1u << i))
            buf[n++] = "-+ #0"[i];
    }
    if (sp->width >= 0)
        n += (size_t)snprintf(buf + n, size - n, "%d", sp->width);
    if (sp->precision >= 0)
        n += (size_t)snprintf(buf + n, size - n, ".%d", sp->precision);
    snprintf(buf + n, size - n, "%s%c", length, conv);
}

/* The string at device address @addr: inside the data segment, at most up to its end. */
static const char *lookup_string(const struct hmmcl_pf_strings *strings, uint64_t addr, size_t *len)
{
    static const char null_str[] = "(null)", bad[] = "(invalid string)";
    if (!addr) {
        *len = sizeof(null_str) - 1;
        return null_str;
    }
    if (!strings || !strings->host || addr < strings->base ||
        addr - strings->base >= strings->size) {
        *len = sizeof(bad) - 1;
        return bad;
    }
    size_t off = (size_t)(addr - strings->base);
    const char *s = strings->host + off;
    const char *end = memchr(s, 0, strings->size - off);
    *len = end ? (size_t)(end - s) : strings->size - off;
    return s;
}

/* Format one value of @sp (a component, for vectors). */
static void convert(struct hmmcl_pf_out *out, const struct hmmcl_pf_spec *sp, uint64_t v,
                    const struct hmmcl_pf_strings *strings)
{
    char spec[48], text[CONV_MAX];
    int n = 0;

    switch (sp->cls) {
    case HMMCL_PF_INT: {
        unsigned bits = hmmcl_pf_int_bits(sp);
        if (bits < 64)
            v &= (1ull << bits) - 1;
        c_spec(sp, "ll", sp->conv, spec, sizeof(spec));
        if (sp->conv == 'd' || sp->conv == 'i') {
            long long s =
                bits < 64 && (v >> (bits - 1)) ? (long long)(v - (1ull << bits)) : (long long)v;
            n = snprintf(text, sizeof(text), spec, s);
        } else {
            n = snprintf(text, sizeof(text), spec, (unsigned long long)v);
        }
        break;
    }
    case HMMCL_PF_FLOAT: {
        double d;
        memcpy(&d, &v, sizeof(d));
        c_spec(sp, "", sp->conv, spec, sizeof(spec));
        n = snprintf(text, sizeof(text), spec, d);
        break;
    }
    case HMMCL_PF_CHAR:
        c_spec(sp, "", 'c', spec, sizeof(spec));
        n = snprintf(text, sizeof(text), spec, (int)(unsigned char)v);
        break;
    case HMMCL_PF_POINTER:
        c_spec(sp, "", 'p', spec, sizeof(spec));
        n = snprintf(text, sizeof(text), spec, (void *)(uintptr_t)v);
        break;
    case HMMCL_PF_STRING: {
        /* By hand: the string need not be terminated inside the segment, nor be short. */
        size_t len;
        const char *s = lookup_string(strings, v, &len);
        if (sp->precision >= 0 && (size_t)sp->precision < len)
            len = (size_t)sp->precision;
        size_t pad = sp->width > 0 && (size_t)sp->width > len ? (size_t)sp->width - len : 0;
        if (!(sp->flags & HMMCL_PF_MINUS))
            pad_spaces(out, pad);
        append(out, s, len);
        if (sp->flags & HMMCL_PF_MINUS)
            pad_spaces(out, pad);
        return;
    }
    case HMMCL_PF_PERCENT:
        append(out, "%", 1);
        return;
    }
    if (n < 0)
        return;
    append(out, text, (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1);
}

void hmmcl_pf_format(struct hmmcl_pf_out *out, const char *fmt, const uint64_t *values,
                     size_t num_values, const struct hmmcl_pf_strings *strings)
{
    size_t next = 0;

    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            append(out, p, strlen(p));
            return;
        }
        append(out, p, (size_t)(pct - p));
        struct hmmcl_pf_spec sp;
        const char *why;
        if (hmmcl_pf_parse(pct, &sp, &why))
            return;
        p = pct + sp.len;
        unsigned slots = hmmcl_pf_slots(&sp);
        if (!slots) {
            convert(out, &sp, 0, strings);
            continue;
        }
        for (unsigned k = 0; k < slots; k++) {
            if (next >= num_values)
                return;
            if (k)
                append(out, ",", 1);
            convert(out, &sp, values[next++], strings);
        }
    }
}

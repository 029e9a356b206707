/* SPDX-License-Identifier: MIT */
/* OpenCL C printf conversion specifications (see printf_spec.h). */
#include "util/printf_spec.h"

#include <string.h>

/* Decimal digits at *@p, capped at HMMCL_PF_MAX_FIELD + 1 so that huge numbers cannot overflow. */
static int digits(const char **p)
{
    int v = 0;

    while (**p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        if (v > HMMCL_PF_MAX_FIELD)
            v = HMMCL_PF_MAX_FIELD + 1;
        (*p)++;
    }
    return v;
}

static int fail(const char **why, const char *reason)
{
    *why = reason;
    return -1;
}

int hmmcl_pf_parse(const char *s, struct hmmcl_pf_spec *spec, const char **why)
{
    const char *p = s + 1;
    int long_long = 0, scalar_only = 0;

    memset(spec, 0, sizeof(*spec));
    spec->width = -1;
    spec->precision = -1;
    for (;; p++) {
        const char *f = *p ? strchr("-+ #0", *p) : NULL;

        if (!f)
            break;
        spec->flags |= 1u << (f - "-+ #0");
    }
    if (*p == '*')
        return fail(why, "'*' field widths are not supported in OpenCL C");
    if (*p >= '0' && *p <= '9')
        spec->width = digits(&p);
    if (*p == '.') {
        p++;
        if (*p == '*')
            return fail(why, "'*' precisions are not supported in OpenCL C");
        spec->precision = digits(&p);
    }
    if (spec->width > HMMCL_PF_MAX_FIELD || spec->precision > HMMCL_PF_MAX_FIELD)
        return fail(why, "field width or precision larger than 4095");
    if (*p == 'v') {
        p++;
        if (*p < '0' || *p > '9')
            return fail(why, "vector specifier without a size");
        spec->vec = (unsigned)digits(&p);
        if (spec->vec != 2 && spec->vec != 3 && spec->vec != 4 && spec->vec != 8 && spec->vec != 16)
            return fail(why, "vector size must be 2, 3, 4, 8 or 16");
    }
    if (p[0] == 'h' && p[1] == 'h') {
        spec->length = HMMCL_PF_LEN_HH;
        p += 2;
    } else if (p[0] == 'h' && p[1] == 'l') {
        spec->length = HMMCL_PF_LEN_HL;
        p += 2;
    } else if (p[0] == 'h') {
        spec->length = HMMCL_PF_LEN_H;
        p++;
    } else if (p[0] == 'l' && p[1] == 'l') {
        spec->length = HMMCL_PF_LEN_L;
        long_long = 1;
        p += 2;
    } else if (p[0] == 'l') {
        spec->length = HMMCL_PF_LEN_L;
        p++;
    } else if (p[0] == 'z' || p[0] == 'j' || p[0] == 't') {
        spec->length = HMMCL_PF_LEN_L;
        scalar_only = 1;
        p++;
    }
    if (!*p)
        return fail(why, "incomplete conversion specification at the end of the format");
    spec->conv = *p;
    spec->conv_at = (size_t)(p - s);
    spec->len = spec->conv_at + 1;
    switch (*p) {
    case 'd':
    case 'i':
    case 'o':
    case 'u':
    case 'x':
    case 'X':
        spec->cls = HMMCL_PF_INT;
        break;
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
        spec->cls = HMMCL_PF_FLOAT;
        break;
    case 'c':
        spec->cls = HMMCL_PF_CHAR;
        break;
    case 's':
        spec->cls = HMMCL_PF_STRING;
        break;
    case 'p':
        spec->cls = HMMCL_PF_POINTER;
        break;
    case '%':
        spec->cls = HMMCL_PF_PERCENT;
        if (spec->len != 2)
            return fail(why, "'%' takes no flags, width, precision or modifiers");
        return 0;
    default:
        return fail(why, "unknown conversion specifier");
    }
    if ((long_long || scalar_only) && (spec->vec || spec->cls != HMMCL_PF_INT))
        return fail(why, "length modifiers ll, z, j and t apply only to scalar integers");
    if (spec->vec && spec->cls != HMMCL_PF_INT && spec->cls != HMMCL_PF_FLOAT)
        return fail(why, "vector specifier with a c, s or p conversion");
    if (spec->vec && !spec->length)
        return fail(why, "a vector specifier needs a length modifier (hh, h, hl or l)");
    if (spec->length == HMMCL_PF_LEN_HL && !spec->vec)
        return fail(why, "length modifier hl needs a vector specifier");
    if (spec->length && spec->cls != HMMCL_PF_INT && spec->cls != HMMCL_PF_FLOAT)
        return fail(why, "length modifier with a c, s or p conversion");
    if (spec->cls == HMMCL_PF_FLOAT && spec->length == HMMCL_PF_LEN_HH)
        return fail(why, "length modifier hh with a floating-point conversion");
    if (spec->cls == HMMCL_PF_FLOAT && spec->length == HMMCL_PF_LEN_H && !spec->vec)
        return fail(why, "length modifier h with a scalar floating-point conversion");
    return 0;
}

unsigned hmmcl_pf_int_bits(const struct hmmcl_pf_spec *spec)
{
    if (spec->cls == HMMCL_PF_CHAR)
        return 8;
    if (spec->cls == HMMCL_PF_POINTER || spec->cls == HMMCL_PF_STRING)
        return 64;
    switch (spec->length) {
    case HMMCL_PF_LEN_HH:
        return 8;
    case HMMCL_PF_LEN_H:
        return 16;
    case HMMCL_PF_LEN_L:
        return 64;
    default:
        return 32;
    }
}

unsigned hmmcl_pf_slots(const struct hmmcl_pf_spec *spec)
{
    if (spec->cls == HMMCL_PF_PERCENT)
        return 0;
    return spec->vec ? spec->vec : 1;
}

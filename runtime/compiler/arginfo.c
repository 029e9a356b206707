/* SPDX-License-Identifier: MIT */
/* Kernel argument information from clang's metadata (see arginfo.h). */

#include "compiler/arginfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/frontend.h"
#include "core/kernel.h"

/* The body of metadata node !@id ("!{...}") in @text, or NULL. */
static const char *md_node(const char *text, const char *id)
{
    char key[48];
    const char *p;

    snprintf(key, sizeof(key), "\n%s = ", id);
    p = strstr(text, key);
    if (!p)
        return NULL;
    p += strlen(key);
    if (!strncmp(p, "distinct ", 9))
        p += 9;
    return strncmp(p, "!{", 2) ? NULL : p + 2;
}

/* The node id attached as "!@name !N" on the define line [@line, @eol). */
static bool md_attachment(const char *line, const char *eol, const char *name, char *id,
                          size_t size)
{
    char key[64];
    const char *p;
    size_t n = 0;

    snprintf(key, sizeof(key), "!%s !", name);
    p = memmem(line, (size_t)(eol - line), key, strlen(key));
    if (!p)
        return false;
    p += strlen(key) - 1;
    while (p < eol && n + 1 < size && (*p == '!' || (*p >= '0' && *p <= '9')))
        id[n++] = *p++;
    id[n] = '\0';
    return n > 1;
}

/*
 * Element @index of a node body (after "!{"): for strings (!"...") the
 * decoded text, for integers ("i32 3") the digits. Returns false past the end.
 */
static bool md_element(const char *body, unsigned index, char *out, size_t size)
{
    const char *p = body;
    size_t n = 0;

    for (unsigned i = 0; i < index; i++) {
        /* Skip one element: strings have no raw quote inside (LLVM escapes it). */
        if (*p == '}')
            return false;
        if (p[0] == '!' && p[1] == '"') {
            const char *q = strchr(p + 2, '"');
            if (!q)
                return false;
            p = q + 1;
        }
        p = strpbrk(p, ",}");
        if (!p || *p == '}')
            return false;
        p++;
        while (*p == ' ')
            p++;
    }
    if (*p == '}' || !*p)
        return false;
    if (p[0] == '!' && p[1] == '"') {
        for (p += 2; *p && *p != '"' && n + 1 < size; p++) {
            unsigned v;

            if (*p == '\\' && p[1] && p[2] && sscanf(p + 1, "%2x", &v) == 1) {
                out[n++] = (char)v;
                p += 2;
            } else {
                out[n++] = *p;
            }
        }
    } else {
        const char *sp = strchr(p, ' '); /* "i32 3" */

        if (sp && sp < strpbrk(p, ",}"))
            p = sp + 1;
        while (*p && *p != ',' && *p != '}' && n + 1 < size)
            out[n++] = *p++;
    }
    out[n] = '\0';
    return true;
}

static unsigned address_qualifier(const char *s)
{
    switch (atoi(s)) {
    case 1:
        return CL_KERNEL_ARG_ADDRESS_GLOBAL;
    case 2:
        return CL_KERNEL_ARG_ADDRESS_CONSTANT;
    case 3:
        return CL_KERNEL_ARG_ADDRESS_LOCAL;
    default:
        return CL_KERNEL_ARG_ADDRESS_PRIVATE;
    }
}

static unsigned access_qualifier(const char *s)
{
    if (!strcmp(s, "read_only"))
        return CL_KERNEL_ARG_ACCESS_READ_ONLY;
    if (!strcmp(s, "write_only"))
        return CL_KERNEL_ARG_ACCESS_WRITE_ONLY;
    if (!strcmp(s, "read_write"))
        return CL_KERNEL_ARG_ACCESS_READ_WRITE;
    return CL_KERNEL_ARG_ACCESS_NONE;
}

static unsigned type_qualifier(const char *s)
{
    unsigned q = 0;
    char buf[128], *save = NULL;

    snprintf(buf, sizeof(buf), "%s", s);
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (!strcmp(w, "const"))
            q |= CL_KERNEL_ARG_TYPE_CONST;
        else if (!strcmp(w, "restrict"))
            q |= CL_KERNEL_ARG_TYPE_RESTRICT;
        else if (!strcmp(w, "volatile"))
            q |= CL_KERNEL_ARG_TYPE_VOLATILE;
        else if (!strcmp(w, "pipe"))
            q |= CL_KERNEL_ARG_TYPE_PIPE;
    }
    return q;
}

char *hmmcl_arginfo_from_llvm(const char *text)
{
    struct hmmcl_text out = {0};
    const char *line = text;

    hmmcl_text_append(&out, "", 0);
    while (line && *line) {
        const char *eol = strchr(line, '\n');
        const char *at, *paren;
        char id[5][32];
        const char *body[5] = {NULL};
        static const char *const names[5] = {"kernel_arg_addr_space", "kernel_arg_access_qual",
                                             "kernel_arg_type", "kernel_arg_type_qual",
                                             "kernel_arg_name"};

        if (!eol)
            eol = line + strlen(line);
        if (strncmp(line, "define ", 7) || !memmem(line, (size_t)(eol - line), "spir_kernel", 11))
            goto next;
        at = memchr(line, '@', (size_t)(eol - line));
        paren = at ? memchr(at, '(', (size_t)(eol - at)) : NULL;
        if (!paren)
            goto next;
        hmmcl_text_printf(&out, "kernel %.*s\n", (int)(paren - at - 1), at + 1);
        for (int i = 0; i < 5; i++) {
            if (md_attachment(line, eol, names[i], id[i], sizeof(id[i])))
                body[i] = md_node(text, id[i]);
        }
        for (unsigned a = 0; body[2]; a++) {
            char addr[16] = "0", acc[32] = "none", type[256], qual[128] = "", name[256] = "";

            if (!md_element(body[2], a, type, sizeof(type)))
                break;
            if (body[0])
                md_element(body[0], a, addr, sizeof(addr));
            if (body[1])
                md_element(body[1], a, acc, sizeof(acc));
            if (body[3])
                md_element(body[3], a, qual, sizeof(qual));
            if (body[4])
                md_element(body[4], a, name, sizeof(name));
            hmmcl_text_printf(&out, "%u %u %u\t%s\t%s\n", address_qualifier(addr),
                              access_qualifier(acc), type_qualifier(qual), type, name);
        }
    next:
        line = *eol ? eol + 1 : NULL;
    }
    return out.buf;
}

bool hmmcl_arginfo_apply(const char *text, struct hmmcl_kernel_info *k)
{
    char key[512];
    const char *p;
    size_t klen;

    if (!text)
        return false;
    klen = (size_t)snprintf(key, sizeof(key), "kernel %s\n", k->name);
    for (p = text; (p = strstr(p, key)); p++) {
        if (p == text || p[-1] == '\n')
            break;
    }
    if (!p)
        return false;
    p += klen;
    for (cl_uint i = 0; i < k->num_args; i++) {
        struct hmmcl_kernel_arg_info *a = &k->args[i];
        unsigned addr, acc, qual;
        const char *t1, *t2, *eol;
        int used = 0;

        if (sscanf(p, "%u %u %u\t%n", &addr, &acc, &qual, &used) != 3 || !used)
            return false;
        t1 = p + used;
        eol = strchr(t1, '\n');
        t2 = eol ? memchr(t1, '\t', (size_t)(eol - t1)) : NULL;
        if (!t2)
            return false;
        free(a->type_name);
        free(a->name);
        a->type_name = strndup(t1, (size_t)(t2 - t1));
        a->name = strndup(t2 + 1, (size_t)(eol - t2 - 1));
        if (!a->type_name || !a->name)
            return false;
        a->address_qualifier = addr;
        a->access_qualifier = acc;
        a->type_qualifier = qual;
        p = eol + 1;
    }
    return true;
}

/* SPDX-License-Identifier: MIT */
/*
 * Integer types SPIR-V cannot express, in LLVM assembly (see
 * hmmcl_fe_has_odd_int_types in frontend.h for why they appear and how the
 * front end avoids them).
 */
#include "compiler/frontend.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A character that can continue an LLVM identifier or number. */
static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$' || c == '-';
}

bool hmmcl_fe_has_odd_int_types(const char *text)
{
    for (const char *p = text; (p = strchr(p, 'i')) != NULL; p++) {
        /* a type token: "i<digits>" not inside a name (%i2, @x.i3, !i4) or a longer word */
        char prev = p == text ? ' ' : p[-1];
        if (ident_char(prev) || prev == '%' || prev == '@' || prev == '!' || prev == '#' ||
            !isdigit((unsigned char)p[1]))
            continue;
        char *end;
        unsigned long bits = strtoul(p + 1, &end, 10);
        if (ident_char(*end) || *end == '"')
            continue;
        if (bits != 1 && bits != 8 && bits != 16 && bits != 32 && bits != 64)
            return true;
    }
    return false;
}

#define NATIVE_INTS "-n8:16:32:64"

char *hmmcl_fe_native_int_layout(const char *text, bool add)
{
    static const char key[] = "\ntarget datalayout = \"";
    size_t len = strlen(text), nl = strlen(NATIVE_INTS);
    char *out = malloc(len + nl + 1);
    if (!out)
        return NULL;
    memcpy(out, text, len + 1);
    char *dl = strstr(out, key);
    if (!dl)
        return out;
    dl += sizeof(key) - 1;
    char *q = strchr(dl, '"');
    if (!q)
        return out;
    if (add) {
        const char *found = strstr(dl, NATIVE_INTS);
        if (found && found < q)
            return out; /* already there */
        memmove(q + nl, q, strlen(q) + 1);
        memcpy(q, NATIVE_INTS, nl);
    } else if ((size_t)(q - dl) >= nl && !memcmp(q - nl, NATIVE_INTS, nl)) {
        memmove(q - nl, q, strlen(q) + 1);
    }
    return out;
}

/* SPDX-License-Identifier: MIT */
/*
 * DOC: OpenCL C printf conversion specifications
 *
 * The grammar of one conversion specification of an OpenCL C printf format
 * (OpenCL C 3.0, "printf output format"): '%', flags from "-+ #0", an
 * optional decimal field width, an optional precision ('.' and optional
 * digits), an optional vector specifier "vN" (N = 2, 3, 4, 8 or 16), an
 * optional length modifier, and the conversion character. One parser serves
 * the compiler (which rejects invalid formats when it lowers the call) and
 * the runtime formatter (which never trusts a record and so parses again).
 *
 * What the parser rejects, each with a one-line reason:
 * - a '%' at the end of the format, or an unknown conversion character;
 * - '*' for the width or the precision (OpenCL C has no argument widths);
 * - widths and precisions above HMMCL_PF_MAX_FIELD (C's environmental limit
 *   for one conversion is 4095 characters);
 * - a vector size other than 2, 3, 4, 8, 16, a vector with c, s, p, %, or
 *   a vector without a length modifier;
 * - "hl" without a vector specifier;
 * - a length modifier with c, s or p, and the combinations the spec leaves
 *   undefined (hh with floats; h with scalar floats);
 * - anything but the plain "%%".
 * Accepted beyond the grammar, because C99 gives them one meaning: "l"
 * with a scalar float conversion (no effect), and "ll", "z", "j", "t" with
 * scalar integer conversions (all 64 bits in OpenCL C).
 * A vector specifier without a length modifier is rejected: the spec
 * requires one ("%v4hlf" prints a float4, "%v4f" is invalid).
 */
#ifndef HMMCL_UTIL_PRINTF_SPEC_H
#define HMMCL_UTIL_PRINTF_SPEC_H

#include <stddef.h>

#define HMMCL_PF_MAX_FIELD 4095

enum {
    HMMCL_PF_MINUS = 1,
    HMMCL_PF_PLUS = 2,
    HMMCL_PF_SPACE = 4,
    HMMCL_PF_HASH = 8,
    HMMCL_PF_ZERO = 16,
};

enum hmmcl_pf_length {
    HMMCL_PF_LEN_NONE,
    HMMCL_PF_LEN_HH,
    HMMCL_PF_LEN_H,
    HMMCL_PF_LEN_HL,
    HMMCL_PF_LEN_L, /* also "ll", "z", "j", "t" on scalars */
};

enum hmmcl_pf_class {
    HMMCL_PF_INT,     /* d i o u x X */
    HMMCL_PF_FLOAT,   /* f F e E g G a A */
    HMMCL_PF_CHAR,    /* c */
    HMMCL_PF_STRING,  /* s */
    HMMCL_PF_POINTER, /* p */
    HMMCL_PF_PERCENT, /* %% */
};

struct hmmcl_pf_spec {
    unsigned flags;
    int width;     /* -1 if none */
    int precision; /* -1 if none */
    unsigned vec;  /* 0 for a scalar, else the vector size */
    enum hmmcl_pf_length length;
    char conv;
    enum hmmcl_pf_class cls;
    size_t len;     /* characters from the '%' through the conversion */
    size_t conv_at; /* offset of the conversion character from the '%' */
};

/*
 * Parse the specification at @s, which points at a '%'. Returns 0, or -1
 * with *@why a static one-line reason.
 */
int hmmcl_pf_parse(const char *s, struct hmmcl_pf_spec *spec, const char **why);

/* Argument values an integer, char or pointer specification takes: 8, 16, 32 or 64 bits. */
unsigned hmmcl_pf_int_bits(const struct hmmcl_pf_spec *spec);

/* Values (record slots) the specification consumes: 0 for %%, else max(1, vec). */
unsigned hmmcl_pf_slots(const struct hmmcl_pf_spec *spec);

#endif

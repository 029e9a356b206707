/* SPDX-License-Identifier: MIT */
/*
 * DOC: printf formatter
 *
 * Turns one printf record's format and values into text, on the host,
 * after the kernel ran (the device only stores records: see
 * compiler/lower_printf.c for what each value holds). Nothing in a record
 * is trusted: a format that does not parse is copied up to the bad
 * specification, missing values print as nothing, and %s prints only
 * strings inside the program's data segment (where string literals live).
 */
#ifndef HMMCL_CORE_PRINTF_FORMAT_H
#define HMMCL_CORE_PRINTF_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Growing output text (not NUL-terminated). */
struct hmmcl_pf_out {
    char *buf;
    size_t len, cap;
    int oom; /* an append failed; the text is incomplete */
};

/* Where %s strings may come from: @size bytes at device address @base, readable at @host. */
struct hmmcl_pf_strings {
    uint64_t base;
    const char *host;
    size_t size;
};

/* Append the text of @fmt with @num_values values to @out. */
void hmmcl_pf_format(struct hmmcl_pf_out *out, const char *fmt, const uint64_t *values,
                     size_t num_values, const struct hmmcl_pf_strings *strings);

void hmmcl_pf_out_free(struct hmmcl_pf_out *out);

#endif

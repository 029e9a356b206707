/* SPDX-License-Identifier: MIT */
/* printf buffers (see printf_buffer.h). */
#include "core/printf_buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void *hmmcl_printf_buffer_create(size_t capacity, size_t *size)
{
    /* Anonymous pages are zero and cost nothing until the kernel writes them. */
    size_t n = HMMCL_PRINTF_HEADER + capacity;
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t header[2] = {HMMCL_PRINTF_HEADER, n};

    if (p == MAP_FAILED)
        return NULL;
    memcpy(p, header, sizeof(header));
    *size = n;
    return p;
}

void hmmcl_printf_buffer_destroy(void *buf, size_t size)
{
    if (buf)
        munmap(buf, size);
}

void hmmcl_printf_buffer_text(const void *buf, size_t size, const struct hmm_program *prog,
                              const struct hmmcl_pf_strings *strings, struct hmmcl_pf_out *out)
{
    const unsigned char *b = buf;
    uint64_t next;
    uint64_t *values = NULL;
    size_t cap = 0;

    if (size < HMMCL_PRINTF_HEADER)
        return;
    memcpy(&next, b, sizeof(next));
    /* Reservations that did not fit moved next past the end. */
    if (next > size)
        next = size;
    for (size_t off = HMMCL_PRINTF_HEADER; off + 8 <= next;) {
        uint32_t fmt, rsize;

        memcpy(&fmt, b + off, 4);
        memcpy(&rsize, b + off + 4, 4);
        if (rsize < 8 || rsize % 8 || rsize > next - off)
            break;
        size_t n = (rsize - 8) / 8;
        if (n > cap) {
            uint64_t *v = realloc(values, n * sizeof(*v));
            if (!v) {
                out->oom = 1;
                break;
            }
            values = v;
            cap = n;
        }
        /* Copied out: the record is 8-byte aligned, but memcpy keeps this independent of it. */
        if (n)
            memcpy(values, b + off + 8, n * sizeof(*values));
        hmmcl_pf_format(out, hmm_program_string(prog, fmt), values, n, strings);
        off += rsize;
    }
    free(values);
}

void hmmcl_printf_buffer_emit(const void *buf, size_t size, const struct hmm_program *prog,
                              const struct hmmcl_pf_strings *strings, FILE *stream)
{
    struct hmmcl_pf_out out = {0};

    hmmcl_printf_buffer_text(buf, size, prog, strings, &out);
    flockfile(stream);
    if (out.len)
        fwrite(out.buf, 1, out.len, stream);
    fflush(stream);
    funlockfile(stream);
    hmmcl_pf_out_free(&out);
}

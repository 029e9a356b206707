/* SPDX-License-Identifier: MIT */
/*
 * DOC: printf buffers
 *
 * A launch of a kernel that calls printf gets its own buffer: process
 * memory (so every device reaches it through system SVM), its address in
 * the kernel's hidden argument (struct hmm_kernel.printf_arg). The device
 * appends records (compiler/lower_printf.c, "printf records"); when the
 * launch has run and before its event becomes CL_COMPLETE the runtime turns
 * them into text in buffer order, so one work-item's output keeps its
 * program order, and writes it to stdout in one piece.
 *
 * Layout: a 16-byte header (u64 next: offset of the next free byte, starts
 * at 16; u64 end: the buffer size), then the records. The record area is
 * CL_DEVICE_PRINTF_BUFFER_SIZE bytes. The buffer starts zeroed, so a
 * record never written (the reservation did not fit, or the kernel
 * stopped) reads as size 0 and ends the walk.
 */
#ifndef HMMCL_CORE_PRINTF_BUFFER_H
#define HMMCL_CORE_PRINTF_BUFFER_H

#include <stddef.h>
#include <stdio.h>

#include "core/printf_format.h"
#include "engine/engine.h"

#define HMMCL_PRINTF_HEADER 16

/* A zeroed buffer with @capacity bytes for records (its size in *@size); NULL if out of memory. */
void *hmmcl_printf_buffer_create(size_t capacity, size_t *size);
void hmmcl_printf_buffer_destroy(void *buf, size_t size);

/* Append the text of the records in @buf (@size bytes) to @out; formats come from @prog. */
void hmmcl_printf_buffer_text(const void *buf, size_t size, const struct hmm_program *prog,
                              const struct hmmcl_pf_strings *strings, struct hmmcl_pf_out *out);

/* The text of the records written to @stream in one locked write, then flushed. */
void hmmcl_printf_buffer_emit(const void *buf, size_t size, const struct hmm_program *prog,
                              const struct hmmcl_pf_strings *strings, FILE *stream);

#endif

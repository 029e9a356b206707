/* SPDX-License-Identifier: MIT */
/*
 * Writing a program image (userspace only: the compiler and the tests).
 * Sections grow as they are filled; hmm_builder_finish() lays them out
 * behind the header in the order of struct hmm_image_header.
 */
#ifndef HMM_BUILDER_H
#define HMM_BUILDER_H

#include <stddef.h>

#include "engine/image.h"

struct hmm_builder;

struct hmm_builder *hmm_builder_create(void);
void hmm_builder_destroy(struct hmm_builder *b);

/* Append an instruction; returns its index. */
uint32_t hmm_builder_emit(struct hmm_builder *b, struct hmm_insn insn);
/* The instruction at @index, to patch branch targets; valid until the next emit. */
struct hmm_insn *hmm_builder_insn(struct hmm_builder *b, uint32_t index);
/* Index the next emitted instruction will get. */
uint32_t hmm_builder_here(const struct hmm_builder *b);

/* Pool entries, deduplicated; return the index (literal) or byte offset (string). */
uint32_t hmm_builder_literal(struct hmm_builder *b, uint64_t value);
uint32_t hmm_builder_string(struct hmm_builder *b, const char *s);

uint32_t hmm_builder_function(struct hmm_builder *b, const struct hmm_function *f);
struct hmm_function *hmm_builder_function_at(struct hmm_builder *b, uint32_t index);
uint32_t hmm_builder_kernel(struct hmm_builder *b, const struct hmm_kernel *k);
uint32_t hmm_builder_arg(struct hmm_builder *b, const struct hmm_kernel_arg *arg);

/*
 * Reserve @size bytes of the data segment aligned to @align (a power of
 * two), initialised from @init (NULL: zeros); returns the offset.
 */
uint32_t hmm_builder_data(struct hmm_builder *b, const void *init, uint32_t size, uint32_t align);
/* Write @size initial bytes at @offset of the reserved data segment (zeros before, if new). */
void hmm_builder_data_write(struct hmm_builder *b, uint32_t offset, const void *bytes,
                            uint32_t size);
/* The 8 bytes at data @offset hold a segment offset the loader turns into an address. */
void hmm_builder_reloc(struct hmm_builder *b, uint32_t offset);

void hmm_builder_set_num_regs(struct hmm_builder *b, uint32_t num_regs);

/* True once any allocation failed; finish() then fails too. */
int hmm_builder_failed(const struct hmm_builder *b);

/* The image in one malloc'd buffer (caller frees). Returns 0 or -ENOMEM. */
int hmm_builder_finish(struct hmm_builder *b, void **image, size_t *size);

#endif

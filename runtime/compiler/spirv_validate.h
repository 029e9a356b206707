/* SPDX-License-Identifier: MIT */
/* SPIR-V validation through the SPIRV-Tools C API, before lowering. */
#ifndef HMM_SPIRV_VALIDATE_H
#define HMM_SPIRV_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Validate @n words of SPIR-V. Returns 0, or -EINVAL with the validator's
 * message (and the word index it points at) in @log; -ENOMEM if the
 * validator could not be set up.
 */
int hmm_spirv_validate(const uint32_t *words, size_t n, char *log, size_t log_size);

#endif

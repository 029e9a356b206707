/* SPDX-License-Identifier: MIT */
/*
 * DOC: program executables
 *
 * What a successful build (or link, or a program created from a binary)
 * leaves for one device, in struct hmmcl_program_build.priv: the program
 * image in the device ISA, already parsed and verified, and the program's
 * data segment. The data segment holds program-scope variables: it is
 * process memory like every buffer, allocated and initialised from the image
 * once per build, so __global variables keep their values across kernel
 * launches as the spec requires, and every device reaches it by address.
 *
 * Each struct hmmcl_kernel_info of the executable keeps its kernel's index in
 * the image (hmm_program.kernels) in @priv, as a uintptr_t.
 *
 * Immutable once the build has finished; freed with the program (or by the
 * next build, which is refused while kernel objects exist).
 */
#ifndef HMMCL_CORE_EXECUTABLE_H
#define HMMCL_CORE_EXECUTABLE_H

#include <stddef.h>

#include "engine/engine.h"

struct hmmcl_executable {
    void *image; /* owned */
    size_t image_size;
    struct hmm_program program; /* parsed view of @image, verified */
    void *data;                 /* owned; program.data_size bytes (NULL if 0) */
};

static inline uint32_t hmmcl_kernel_index(const void *kernel_info_priv)
{
    return (uint32_t)(uintptr_t)kernel_info_priv;
}

#endif

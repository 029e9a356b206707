/* SPDX-License-Identifier: MIT */
/*
 * DOC: SPIR-V to device ISA lowering
 *
 * hmm_spirv_lower() turns an OpenCL SPIR-V module (Kernel execution model,
 * Physical64 addressing, as llvm-spirv produces it) into a program image
 * (engine/image.h) that hmm_image_parse() and hmm_verify() accept: code,
 * literals, one function per reachable SPIR-V function plus one stub per
 * kernel, kernel and argument metadata, and the data segment holding
 * program-scope variables.
 *
 * What is not implemented fails the build with a message naming it, the
 * function and the source line when the module has OpLine ("unsupported
 * SPIR-V instruction OpImageRead in function foo (line 12)", "OpenCL.std
 * tgamma is not supported for these operand types in function bar"),
 * never a miscompilation.
 * The input should have passed hmm_spirv_validate(); the lowering checks
 * what it relies on anyway and does not crash on malformed modules.
 */
#ifndef HMM_SPIRV_LOWER_H
#define HMM_SPIRV_LOWER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Lower @num_words words of SPIR-V. On success returns 0 and a malloc'd
 * image in *@image (*@image_size bytes; the caller frees it). On failure
 * returns -EINVAL (unsupported or malformed input), -ENOENT (an OpenCL.std
 * instruction that only the built-in library implements, and the module
 * does not contain the library's function: link it in and lower again) or
 * -ENOMEM, with one NUL-terminated line in @log.
 */
int hmm_spirv_lower(const uint32_t *words, size_t num_words, void **image, size_t *image_size,
                    char *log, size_t log_size);

#endif

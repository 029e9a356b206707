/* SPDX-License-Identifier: MIT */
/* SPIR-V opcode facts and names, for the parser and for messages. */
#ifndef HMM_SPIRV_NAMES_H
#define HMM_SPIRV_NAMES_H

#include <stdint.h>

/* "OpIAdd"; "Op?" if unknown. */
const char *spv_opcode_name(uint32_t opcode);
/* Whether @opcode has a result type and a result id; -1 if the opcode is unknown. */
int spv_opcode_shape(uint32_t opcode, int *has_type, int *has_result);
/* "fma"; "?" if unknown. */
const char *spv_ocl_name(uint32_t ext_opcode);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * SPIR-V opcode names and result shapes, OpenCL.std instruction names. The
 * tables come from SPIRV-Headers' grammar files (the machine-readable form of
 * the specifications), turned into C at build time by gen_spirv_names.py.
 */
#include <stddef.h>
#include <stdint.h>

#include "compiler/spirv_names.h"
#include "spirv_names_tables.inc"

struct spv_opinfo {
    uint16_t code;
    uint8_t has_type;
    uint8_t has_result;
    const char *name;
};

static const struct spv_opinfo spv_ops[] = {SPV_OPS_TABLE};

static const char *const spv_ocl_names[] = {SPV_OCL_NAMES_TABLE};

static const struct spv_opinfo *find_op(uint32_t code)
{
    size_t lo = 0, hi = sizeof(spv_ops) / sizeof(spv_ops[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (spv_ops[mid].code == code)
            return &spv_ops[mid];
        if (spv_ops[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *spv_opcode_name(uint32_t opcode)
{
    const struct spv_opinfo *i = find_op(opcode);
    return i ? i->name : "Op?";
}

int spv_opcode_shape(uint32_t opcode, int *has_type, int *has_result)
{
    const struct spv_opinfo *i = find_op(opcode);
    if (!i)
        return -1;
    *has_type = i->has_type;
    *has_result = i->has_result;
    return 0;
}

const char *spv_ocl_name(uint32_t ext_opcode)
{
    const char *s = NULL;
    if (ext_opcode < sizeof(spv_ocl_names) / sizeof(spv_ocl_names[0]))
        s = spv_ocl_names[ext_opcode];
    return s ? s : "?";
}

/* SPDX-License-Identifier: MIT */
/*
 * The SPIR-V name tables generated from SPIRV-Headers' grammar at build time
 * (runtime/compiler/gen_spirv_names.py): opcodes across the whole range, as
 * numbered by spirv.h and OpenCL.std.h (headers made from the same registry
 * by another generator), get their names and result shapes; opcodes with two
 * names get the core one; unknown opcodes and the gaps in OpenCL.std are
 * reported as unknown.
 */
#include <stdio.h>
#include <string.h>

#include <spirv/unified1/OpenCL.std.h>
#include <spirv/unified1/spirv.h>

#include "check.h"
#include "compiler/spirv_names.h"

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (strcmp(g_, w_)) {                                                                      \
            fprintf(stderr, "%s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #got, g_, \
                    w_);                                                                           \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static void check_op(uint32_t code, const char *name, int want_type, int want_result)
{
    int has_type = -1, has_result = -1;

    CHECK_STR(spv_opcode_name(code), name);
    CHECK_EQ(spv_opcode_shape(code, &has_type, &has_result), 0);
    CHECK_EQ(has_type, want_type);
    CHECK_EQ(has_result, want_result);
}

static void test_core(void)
{
    /* The first and the last opcode, and the shapes: neither, id only, both. */
    check_op(SpvOpNop, "OpNop", 0, 0);
    check_op(SpvOpTypeInt, "OpTypeInt", 0, 1);
    check_op(SpvOpLabel, "OpLabel", 0, 1);
    check_op(SpvOpString, "OpString", 0, 1);
    check_op(SpvOpStore, "OpStore", 0, 0);
    check_op(SpvOpDecorate, "OpDecorate", 0, 0);
    check_op(SpvOpIAdd, "OpIAdd", 1, 1);
    check_op(SpvOpExtInst, "OpExtInst", 1, 1);
    check_op(SpvOpFunctionCall, "OpFunctionCall", 1, 1);
    check_op(SpvOpAtomicIAdd, "OpAtomicIAdd", 1, 1);
    check_op(SpvOpSubgroupBallotKHR, "OpSubgroupBallotKHR", 1, 1);
    check_op(SpvOpGroupLogicalXorKHR, "OpGroupLogicalXorKHR", 1, 1);
    /* Promoted extensions: the grammar names the opcode twice, the core name wins. */
    check_op(SpvOpSDot, "OpSDot", 1, 1);
    check_op(SpvOpDecorateString, "OpDecorateString", 0, 0);
}

static void test_unknown(void)
{
    /* 9 and 13 are holes in the numbering; the others are past every opcode. */
    static const uint32_t unknown[] = {9, 13, 0xFFFF, 0x10000, 0xFFFFFFFF};

    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        int has_type = 7, has_result = 7;

        CHECK_STR(spv_opcode_name(unknown[i]), "Op?");
        CHECK_EQ(spv_opcode_shape(unknown[i], &has_type, &has_result), -1);
        CHECK_EQ(has_type, 7);
        CHECK_EQ(has_result, 7);
    }
}

static void test_opencl_std(void)
{
    CHECK_STR(spv_ocl_name(OpenCLstd_Acos), "acos");
    CHECK_STR(spv_ocl_name(OpenCLstd_Fma), "fma");
    CHECK_STR(spv_ocl_name(OpenCLstd_Fast_normalize), "fast_normalize");
    CHECK_STR(spv_ocl_name(OpenCLstd_SAbs), "s_abs");
    CHECK_STR(spv_ocl_name(OpenCLstd_Vload_halfn), "vload_halfn");
    CHECK_STR(spv_ocl_name(OpenCLstd_Printf), "printf");
    CHECK_STR(spv_ocl_name(OpenCLstd_UMad_hi), "u_mad_hi");
    /* 111..140 and 188..200 are unassigned; 205 is past the last. */
    CHECK_STR(spv_ocl_name(OpenCLstd_Fast_normalize + 1), "?");
    CHECK_STR(spv_ocl_name(OpenCLstd_Select + 1), "?");
    CHECK_STR(spv_ocl_name(OpenCLstd_UMad_hi + 1), "?");
    CHECK_STR(spv_ocl_name(0xFFFFFFFF), "?");
}

int main(void)
{
    test_core();
    test_unknown();
    test_opencl_std();
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}

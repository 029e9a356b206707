/* SPDX-License-Identifier: MIT */
/*
 * The preprocessor macros of a device's extensions and OpenCL C features
 * (frontend.h, hmmcl_fe_options_set_device).
 *
 * clang's SPIR target predefines every extension and feature it knows
 * (cl_khr_fp16, __IMAGE_SUPPORT__, __opencl_c_images, __opencl_c_pipes ...)
 * and opencl-c-base.h, the default header, defines more unconditionally
 * (the cl_khr_subgroup_* family, __opencl_c_read_write_images, and for
 * -cl-std=CL2.0 every 2.0 feature). A program that tests them then uses
 * what the device does not have. Two things make the set exactly the
 * device's, for every -cl-std:
 *
 * - `-cl-ext=-all,+name...` sets clang's own notion of what is supported
 *   (it decides which types and built-ins Sema accepts: half arithmetic is
 *   refused without cl_khr_fp16) to the device's names that clang knows;
 * - a header included after the default one (`-include`) undefines every
 *   macro clang or its header may define that the device does not report,
 *   and defines every one it reports, and __IMAGE_SUPPORT__ exactly when
 *   the device supports images. Extensions of the host API alone
 *   (cl_khr_icd, cl_khr_il_program, cl_hmmcl_*) get no macro: the OpenCL C
 *   specification asks one of extensions that affect the language; and so
 *   the CPU and hmmgpu devices compile with one macro set, and share
 *   cached builds.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/frontend.h"

/*
 * Every extension and feature macro that clang-15's SPIR target or
 * opencl-c-base.h defines for -cl-std=CL1.2, CL2.0 or CL3.0 (read off
 * `clang-15 -cc1 -triple spir64 -finclude-default-header -E -dM`), plus the
 * features of OpenCL C 3.0 it leaves to the command line.
 */
static const char *const clang_macro_names[] = {
    "__opencl_c_3d_image_writes",
    "__opencl_c_atomic_order_acq_rel",
    "__opencl_c_atomic_order_seq_cst",
    "__opencl_c_atomic_scope_all_devices",
    "__opencl_c_atomic_scope_device",
    "__opencl_c_device_enqueue",
    "__opencl_c_ext_fp16_global_atomic_add",
    "__opencl_c_ext_fp16_global_atomic_load_store",
    "__opencl_c_ext_fp16_global_atomic_min_max",
    "__opencl_c_ext_fp16_local_atomic_add",
    "__opencl_c_ext_fp16_local_atomic_load_store",
    "__opencl_c_ext_fp16_local_atomic_min_max",
    "__opencl_c_ext_fp32_global_atomic_add",
    "__opencl_c_ext_fp32_global_atomic_min_max",
    "__opencl_c_ext_fp32_local_atomic_add",
    "__opencl_c_ext_fp32_local_atomic_min_max",
    "__opencl_c_ext_fp64_global_atomic_add",
    "__opencl_c_ext_fp64_global_atomic_min_max",
    "__opencl_c_ext_fp64_local_atomic_add",
    "__opencl_c_ext_fp64_local_atomic_min_max",
    "__opencl_c_fp16",
    "__opencl_c_fp64",
    "__opencl_c_generic_address_space",
    "__opencl_c_images",
    "__opencl_c_int64",
    "__opencl_c_integer_dot_product_input_4x8bit",
    "__opencl_c_integer_dot_product_input_4x8bit_packed",
    "__opencl_c_named_address_space_builtins",
    "__opencl_c_pipes",
    "__opencl_c_program_scope_global_variables",
    "__opencl_c_read_write_images",
    "__opencl_c_subgroups",
    "__opencl_c_work_group_collective_functions",
    "cl_amd_media_ops",
    "cl_amd_media_ops2",
    "cl_arm_integer_dot_product_accumulate_int16",
    "cl_arm_integer_dot_product_accumulate_int8",
    "cl_arm_integer_dot_product_accumulate_saturate_int8",
    "cl_arm_integer_dot_product_int8",
    "cl_clang_storage_class_specifiers",
    "cl_ext_float_atomics",
    "cl_intel_device_side_avc_motion_estimation",
    "cl_intel_subgroups",
    "cl_intel_subgroups_short",
    "cl_khr_3d_image_writes",
    "cl_khr_byte_addressable_store",
    "cl_khr_depth_images",
    "cl_khr_extended_bit_ops",
    "cl_khr_fp16",
    "cl_khr_fp64",
    "cl_khr_gl_msaa_sharing",
    "cl_khr_global_int32_base_atomics",
    "cl_khr_global_int32_extended_atomics",
    "cl_khr_int64_base_atomics",
    "cl_khr_int64_extended_atomics",
    "cl_khr_integer_dot_product",
    "cl_khr_local_int32_base_atomics",
    "cl_khr_local_int32_extended_atomics",
    "cl_khr_mipmap_image",
    "cl_khr_mipmap_image_writes",
    "cl_khr_srgb_image_writes",
    "cl_khr_subgroup_ballot",
    "cl_khr_subgroup_clustered_reduce",
    "cl_khr_subgroup_extended_types",
    "cl_khr_subgroup_non_uniform_arithmetic",
    "cl_khr_subgroup_non_uniform_vote",
    "cl_khr_subgroup_rotate",
    "cl_khr_subgroup_shuffle",
    "cl_khr_subgroup_shuffle_relative",
    "cl_khr_subgroups",
};
#define NUM_CLANG_MACRO_NAMES (sizeof(clang_macro_names) / sizeof(clang_macro_names[0]))

static bool listed(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(names[i], name))
            return true;
    }
    return false;
}

static bool clang_knows(const char *name)
{
    return listed(clang_macro_names, NUM_CLANG_MACRO_NAMES, name);
}

int hmmcl_fe_options_set_device(struct hmmcl_fe_options *o, const char *const *names, size_t n,
                                bool images)
{
    struct hmmcl_text ext = {0}, header = {0};
    char *arg;

    hmmcl_text_printf(&ext, "-cl-ext=-all");
    for (size_t i = 0; i < n; i++) {
        if (clang_knows(names[i]))
            hmmcl_text_printf(&ext, ",+%s", names[i]);
    }
    hmmcl_text_printf(&header, "/* hmmcl: the extensions and features of the device */\n");
    for (size_t i = 0; i < NUM_CLANG_MACRO_NAMES; i++) {
        if (!listed(names, n, clang_macro_names[i]))
            hmmcl_text_printf(&header, "#undef %s\n", clang_macro_names[i]);
    }
    for (size_t i = 0; i < n; i++) {
        if (clang_knows(names[i]))
            hmmcl_text_printf(&header, "#ifndef %s\n#define %s 1\n#endif\n", names[i], names[i]);
    }
    hmmcl_text_printf(&header, images ? "#ifndef __IMAGE_SUPPORT__\n#define __IMAGE_SUPPORT__ 1\n"
                                        "#endif\n"
                                      : "#undef __IMAGE_SUPPORT__\n");
    arg = hmmcl_text_take(&ext);
    free(o->device_macros);
    o->device_macros = hmmcl_text_take(&header);
    if (!arg || !o->device_macros) {
        free(arg);
        return -1;
    }
    char **a = realloc(o->clang_args, (o->num_clang_args + 1) * sizeof(*a));
    if (!a) {
        free(arg);
        return -1;
    }
    o->clang_args = a;
    o->clang_args[o->num_clang_args++] = arg;
    /* The macro set decides what the program means: it is part of the cache key. */
    size_t len = strlen(o->normalized), add = strlen(arg) + strlen(o->device_macros) + 2;
    char *norm = realloc(o->normalized, len + add + 1);
    if (!norm)
        return -1;
    o->normalized = norm;
    strcpy(norm + len, arg);
    strcat(norm + len, "\n");
    strcat(norm + len, o->device_macros);
    return 0;
}

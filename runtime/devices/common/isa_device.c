/* SPDX-License-Identifier: MIT */
/* The facts every hmmcl ISA device shares (see isa_device.h). */
#include "devices/common/isa_device.h"

#include "devices/common/host_info.h"
#include "engine/isa.h"

/*
 * Every extension listed here is implemented by the runtime for every ISA
 * device today, or needs only the compiler (which declares the matching
 * pragmas and builtins for whatever the device lists); nothing for images
 * or fp16. cl_khr_il_program: SPIR-V 1.0 to 1.4 through
 * clCreateProgramWithIL. Not cl_khr_subgroups: the extension requires
 * independent forward progress between the sub-groups of a work-group, and
 * ours are lanes of one wave (docs/execution.md); sub-groups are offered as
 * the OpenCL C 3.0 feature __opencl_c_subgroups, which does not.
 */
const cl_name_version hmmcl_isa_extensions[] = {
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_byte_addressable_store"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_global_int32_base_atomics"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_global_int32_extended_atomics"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_local_int32_base_atomics"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_local_int32_extended_atomics"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_int64_base_atomics"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_int64_extended_atomics"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_fp64"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_icd"},
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_il_program"},
};
const size_t hmmcl_isa_num_extensions =
    sizeof(hmmcl_isa_extensions) / sizeof(hmmcl_isa_extensions[0]);

/*
 * The optional OpenCL C 3.0 features an ISA device supports. They describe
 * the device (what the compiler will accept for it), not whether a compiler
 * is present now; each one agrees with the matching query: fp64 with
 * cl_khr_fp64 and CL_DEVICE_DOUBLE_FP_CONFIG, generic address space with
 * CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT, program scope globals with
 * CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE, the atomic ones with
 * CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES. __opencl_c_int64 is required of a
 * FULL_PROFILE device. Sub-groups and work-group collectives with
 * CL_DEVICE_MAX_NUM_SUB_GROUPS and CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT.
 * No images, pipes or device enqueue.
 */
static const cl_name_version isa_opencl_c_features[] = {
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_int64"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_fp64"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_generic_address_space"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_program_scope_global_variables"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_atomic_order_acq_rel"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_atomic_order_seq_cst"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_atomic_scope_device"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_atomic_scope_all_devices"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_subgroups"},
    {CL_MAKE_VERSION(3, 0, 0), "__opencl_c_work_group_collective_functions"},
};

/*
 * OpenCL C 3.0 devices support every earlier OpenCL C version except 2.0,
 * whose optional features are not all here (CL_DEVICE_OPENCL_C_VERSION says
 * 1.2): -cl-std=CL2.0 fails to compile for them (core/program_build.c).
 */
static const cl_name_version isa_opencl_c_versions[] = {
    {CL_MAKE_VERSION(1, 0, 0), "OpenCL C"},
    {CL_MAKE_VERSION(1, 1, 0), "OpenCL C"},
    {CL_MAKE_VERSION(1, 2, 0), "OpenCL C"},
    {CL_MAKE_VERSION(3, 0, 0), "OpenCL C"},
};

void hmmcl_isa_device_init(cl_device_id dev)
{
    cl_ulong mem = hmmcl_host_memory(), quarter;

    dev->max_work_group_size = 1024;
    dev->max_work_item_sizes[0] = 1024;
    dev->max_work_item_sizes[1] = 1024;
    dev->max_work_item_sizes[2] = 1024;
    dev->sub_group_size = HMM_SUB_GROUP_SIZE;    /* the engine's: consecutive local linear ids */
    dev->preferred_work_group_size_multiple = 1; /* work-items run one by one: any size */

    /* All of the host's memory is the device's global memory (system SVM). */
    dev->global_mem_size = mem;
    /* FULL_PROFILE minimum: max(1/4 of global memory, 128 MiB). */
    quarter = mem / 4;
    dev->max_mem_alloc_size = quarter > 128ull << 20 ? quarter : 128ull << 20;
    if (mem && dev->max_mem_alloc_size > mem)
        dev->max_mem_alloc_size = mem;

    dev->local_mem_size = 64 * 1024;
    dev->max_constant_buffer_size = 1024 * 1024;
    dev->max_constant_args = 16;
    dev->max_parameter_size = 1024;
    dev->max_global_variable_size = 64 * 1024;
    dev->global_variable_preferred_total_size = 1024 * 1024;
    dev->printf_buffer_size = 1024 * 1024;
    dev->profiling_timer_resolution = 1; /* CLOCK_MONOTONIC nanoseconds */

    dev->svm_caps = CL_DEVICE_SVM_COARSE_GRAIN_BUFFER | CL_DEVICE_SVM_FINE_GRAIN_BUFFER |
                    CL_DEVICE_SVM_FINE_GRAIN_SYSTEM | CL_DEVICE_SVM_ATOMICS;
    dev->compiler_available = CL_TRUE; /* clang-15 + llvm-spirv-15: runtime/compiler/ */
    dev->host_unified_memory = CL_TRUE;
    dev->queue_properties = CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_PROFILING_ENABLE;

    /* The engine's float / and sqrt are the host's IEEE operations (engine/exec_float.c),
     * correctly rounded whatever the build options: conformance math/math_fp_config. */
    dev->single_fp_config = CL_FP_DENORM | CL_FP_INF_NAN | CL_FP_ROUND_TO_NEAREST | CL_FP_FMA |
                            CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
    /* cl_khr_fp64 asks for every rounding mode: the conversions to and from double honour
     * each _rte/_rtz/_rtp/_rtn suffix exactly (engine/exec_float.c, conformance conversions). */
    dev->double_fp_config = CL_FP_DENORM | CL_FP_INF_NAN | CL_FP_ROUND_TO_NEAREST |
                            CL_FP_ROUND_TO_ZERO | CL_FP_ROUND_TO_INF | CL_FP_FMA;
    dev->atomic_memory_caps = CL_DEVICE_ATOMIC_ORDER_RELAXED | CL_DEVICE_ATOMIC_ORDER_ACQ_REL |
                              CL_DEVICE_ATOMIC_ORDER_SEQ_CST | CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP |
                              CL_DEVICE_ATOMIC_SCOPE_DEVICE | CL_DEVICE_ATOMIC_SCOPE_ALL_DEVICES;
    dev->atomic_fence_caps = dev->atomic_memory_caps | CL_DEVICE_ATOMIC_SCOPE_WORK_ITEM;

    dev->extensions = hmmcl_isa_extensions;
    dev->num_extensions = hmmcl_isa_num_extensions;
    dev->opencl_c_features = isa_opencl_c_features;
    dev->num_opencl_c_features = sizeof(isa_opencl_c_features) / sizeof(isa_opencl_c_features[0]);
    dev->opencl_c_versions = isa_opencl_c_versions;
    dev->num_opencl_c_versions = sizeof(isa_opencl_c_versions) / sizeof(isa_opencl_c_versions[0]);
}

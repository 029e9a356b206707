/* SPDX-License-Identifier: MIT */
/*
 * Device entry points. Every query OpenCL 3.0 defines is answered here, from
 * the facts the backend probed (struct _cl_device_id) and the constants all
 * hmmcl devices share (below). Optional features hmmcl does not offer report
 * the values the spec gives for "not supported", so that each query agrees
 * with the others: no images, pipes, device-side enqueue, subgroups, IL
 * programs, built-in kernels, partitioning or half precision.
 */
#include <stdlib.h>
#include <string.h>

#include "core/device.h"
#include "core/event.h"
#include "core/platform.h"
#include "util/info.h"
#include "util/log.h"

#define DEVICE_DRIVER_VERSION HMMCL_VERSION_STRING
/*
 * Highest OpenCL C version whose optional features are all supported: 3.0
 * devices report 1.2 unless they support everything of 2.0 (images, pipes
 * and device enqueue are missing). Format: "OpenCL C <major.minor> <vendor>".
 */
#define DEVICE_OPENCL_C_VERSION "OpenCL C 1.2 hmmcl " HMMCL_VERSION_STRING
/*
 * Never submitted to Khronos: the earliest string of the format
 * "vYYYY-MM-DD-XX" (a real month and day) the spec requires.
 */
#define DEVICE_CONFORMANCE_VERSION "v0000-01-01-00"
/* In bits: the size of the largest built-in type, long16. */
#define DEVICE_MEM_BASE_ADDR_ALIGN (16 * 8 * 8)

/* device_info()'s answer for a param_name it does not know (CL codes are <= 0). */
#define INFO_UNKNOWN 1

#define DEVICE_IL_VERSION "SPIR-V_1.0 SPIR-V_1.1 SPIR-V_1.2 SPIR-V_1.3 SPIR-V_1.4"
static const cl_name_version il_versions[] = {
    {CL_MAKE_VERSION(1, 0, 0), "SPIR-V"}, {CL_MAKE_VERSION(1, 1, 0), "SPIR-V"},
    {CL_MAKE_VERSION(1, 2, 0), "SPIR-V"}, {CL_MAKE_VERSION(1, 3, 0), "SPIR-V"},
    {CL_MAKE_VERSION(1, 4, 0), "SPIR-V"},
};

static bool device_type_valid(cl_device_type type)
{
    const cl_device_type known = CL_DEVICE_TYPE_DEFAULT | CL_DEVICE_TYPE_CPU | CL_DEVICE_TYPE_GPU |
                                 CL_DEVICE_TYPE_ACCELERATOR | CL_DEVICE_TYPE_CUSTOM;

    return type == CL_DEVICE_TYPE_ALL || (type && !(type & ~known));
}

/*
 * Whether @device is selected by @type in clGetDeviceIDs (and so in
 * clCreateContextFromType). CL_DEVICE_TYPE_DEFAULT is a selector, not a
 * type a device reports (OpenCL 3.0.14, CL_DEVICE_TYPE: "a single device
 * type"): it selects the platform's first device, the CPU device.
 */
static bool device_type_matches(cl_device_id device, cl_device_type type)
{
    cl_platform_id p = hmmcl_platform_get();

    if (type == CL_DEVICE_TYPE_ALL || (device->type & type))
        return true;
    return (type & CL_DEVICE_TYPE_DEFAULT) && p->num_devices && p->devices[0] == device;
}

CL_API_ENTRY cl_int CL_API_CALL clGetDeviceIDs(cl_platform_id platform, cl_device_type device_type,
                                               cl_uint num_entries, cl_device_id *devices,
                                               cl_uint *num_devices)
{
    cl_platform_id p = hmmcl_platform_get();
    cl_uint found = 0;

    /* CL_INVALID_PLATFORM if platform is not a valid platform. */
    if (!hmmcl_platform_valid(platform))
        HMMCL_RETURN_ERROR(CL_INVALID_PLATFORM, "%p is not hmmcl's platform", (void *)platform);
    /* CL_INVALID_DEVICE_TYPE if device_type is not a valid value. */
    if (!device_type_valid(device_type))
        HMMCL_RETURN_ERROR(CL_INVALID_DEVICE_TYPE, "device_type 0x%llx",
                           (unsigned long long)device_type);
    /*
     * CL_INVALID_VALUE if num_entries is equal to zero and devices is not
     * NULL or if both num_devices and devices are NULL.
     */
    if (num_entries == 0 && devices)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "num_entries is 0 but devices is not NULL");
    if (!devices && !num_devices)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "devices and num_devices are both NULL");

    for (cl_uint i = 0; i < p->num_devices; i++) {
        if (!device_type_matches(p->devices[i], device_type))
            continue;
        if (devices && found < num_entries)
            devices[found] = p->devices[i];
        found++;
    }
    /* CL_DEVICE_NOT_FOUND if no OpenCL devices that matched device_type were found. */
    if (!found)
        HMMCL_RETURN_ERROR(CL_DEVICE_NOT_FOUND, "no device of type 0x%llx",
                           (unsigned long long)device_type);
    if (num_devices)
        *num_devices = found;
    return CL_SUCCESS;
}

/* CL_DEVICE_EXTENSIONS: the names of @device->extensions, space-separated. */
static cl_int info_extensions(const struct hmmcl_info *info, cl_device_id device)
{
    size_t len = 1;
    char *s, *p;
    cl_int err;

    for (size_t i = 0; i < device->num_extensions; i++)
        len += strlen(device->extensions[i].name) + 1;
    s = malloc(len);
    if (!s)
        return CL_OUT_OF_HOST_MEMORY;
    p = s;
    *p = '\0';
    for (size_t i = 0; i < device->num_extensions; i++) {
        size_t n = strlen(device->extensions[i].name);

        if (i)
            *p++ = ' ';
        memcpy(p, device->extensions[i].name, n + 1);
        p += n;
    }
    err = hmmcl_info_string(info, s);
    free(s);
    return err;
}

static cl_int device_info(const struct hmmcl_info *info, cl_device_id d, cl_device_info param)
{
    switch (param) {
    /* Identity. */
    case CL_DEVICE_TYPE:
        return hmmcl_info_bitfield(info, d->type);
    case CL_DEVICE_VENDOR_ID:
        return hmmcl_info_uint(info, d->vendor_id);
    case CL_DEVICE_NAME:
        return hmmcl_info_string(info, d->name);
    case CL_DEVICE_VENDOR:
        return hmmcl_info_string(info, d->vendor);
    case CL_DRIVER_VERSION:
        return hmmcl_info_string(info, DEVICE_DRIVER_VERSION);
    case CL_DEVICE_PROFILE:
        return hmmcl_info_string(info, HMMCL_PLATFORM_PROFILE);
    case CL_DEVICE_VERSION:
        return hmmcl_info_string(info, HMMCL_PLATFORM_VERSION);
    case CL_DEVICE_NUMERIC_VERSION:
        return hmmcl_info_uint(info, CL_MAKE_VERSION(3, 0, 0));
    case CL_DEVICE_PLATFORM:
        return hmmcl_info_bytes(info, &d->platform, sizeof(d->platform));
    case CL_DEVICE_AVAILABLE:
        return hmmcl_info_bool(info, CL_TRUE);
    case CL_DEVICE_REFERENCE_COUNT:
        return hmmcl_info_uint(info, 1); /* root devices */
    case CL_DEVICE_LATEST_CONFORMANCE_VERSION_PASSED:
        return hmmcl_info_string(info, DEVICE_CONFORMANCE_VERSION);
    case CL_DEVICE_EXTENSIONS:
        return info_extensions(info, d);
    case CL_DEVICE_EXTENSIONS_WITH_VERSION:
        return hmmcl_info_bytes(info, d->extensions, d->num_extensions * sizeof(d->extensions[0]));

    /* Execution. */
    case CL_DEVICE_MAX_COMPUTE_UNITS:
        return hmmcl_info_uint(info, d->compute_units);
    case CL_DEVICE_MAX_CLOCK_FREQUENCY:
        return hmmcl_info_uint(info, d->clock_mhz);
    case CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS:
        return hmmcl_info_uint(info, 3);
    case CL_DEVICE_MAX_WORK_ITEM_SIZES:
        return hmmcl_info_bytes(info, d->max_work_item_sizes, sizeof(d->max_work_item_sizes));
    case CL_DEVICE_MAX_WORK_GROUP_SIZE:
        return hmmcl_info_size(info, d->max_work_group_size);
    case CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE:
        return hmmcl_info_size(info, d->preferred_work_group_size_multiple);
    case CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT:
        return hmmcl_info_bool(info, CL_TRUE);
    case CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT:
        return hmmcl_info_bool(info, d->sub_group_size ? CL_TRUE : CL_FALSE);
    case CL_DEVICE_MAX_NUM_SUB_GROUPS:
        return hmmcl_info_uint(
            info, d->sub_group_size ? (cl_uint)((d->max_work_group_size + d->sub_group_size - 1) /
                                                d->sub_group_size)
                                    : 0);
    case CL_DEVICE_SUB_GROUP_INDEPENDENT_FORWARD_PROGRESS:
        /* Sub-groups of a work-group share one wave scheduled lowest-pc first: a sub-group
         * spinning on another's progress may starve it. */
        return hmmcl_info_bool(info, CL_FALSE);
    case CL_DEVICE_EXECUTION_CAPABILITIES:
        return hmmcl_info_bitfield(info, d->exec_caps);
    case CL_DEVICE_PROFILING_TIMER_RESOLUTION:
        return hmmcl_info_size(info, d->profiling_timer_resolution);
    case CL_DEVICE_PRINTF_BUFFER_SIZE:
        return hmmcl_info_size(info, d->printf_buffer_size);

    /* Queues. */
    case CL_DEVICE_QUEUE_ON_HOST_PROPERTIES: /* == CL_DEVICE_QUEUE_PROPERTIES */
        return hmmcl_info_bitfield(info, d->queue_properties);
    case CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES:
    case CL_DEVICE_QUEUE_ON_DEVICE_PROPERTIES:
        return hmmcl_info_bitfield(info, 0);
    case CL_DEVICE_QUEUE_ON_DEVICE_PREFERRED_SIZE:
    case CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE:
    case CL_DEVICE_MAX_ON_DEVICE_QUEUES:
    case CL_DEVICE_MAX_ON_DEVICE_EVENTS:
        return hmmcl_info_uint(info, 0);

    /* Types and arithmetic. */
    case CL_DEVICE_ADDRESS_BITS:
        return hmmcl_info_uint(info, (cl_uint)(sizeof(void *) * 8));
    case CL_DEVICE_ENDIAN_LITTLE:
        return hmmcl_info_bool(info, __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__);
    /*
     * Vector widths: the device ISA is scalar, so 1 is both native and
     * preferred; half is 0 because there is no cl_khr_fp16, double is
     * nonzero exactly when cl_khr_fp64 is listed.
     */
    case CL_DEVICE_PREFERRED_VECTOR_WIDTH_CHAR:
    case CL_DEVICE_PREFERRED_VECTOR_WIDTH_SHORT:
    case CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT:
    case CL_DEVICE_PREFERRED_VECTOR_WIDTH_LONG:
    case CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT:
    case CL_DEVICE_NATIVE_VECTOR_WIDTH_CHAR:
    case CL_DEVICE_NATIVE_VECTOR_WIDTH_SHORT:
    case CL_DEVICE_NATIVE_VECTOR_WIDTH_INT:
    case CL_DEVICE_NATIVE_VECTOR_WIDTH_LONG:
    case CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT:
        return hmmcl_info_uint(info, 1);
    case CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE:
    case CL_DEVICE_NATIVE_VECTOR_WIDTH_DOUBLE:
        return hmmcl_info_uint(info, d->double_fp_config ? 1 : 0);
    case CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF:
    case CL_DEVICE_NATIVE_VECTOR_WIDTH_HALF:
        return hmmcl_info_uint(info, 0);
    case CL_DEVICE_SINGLE_FP_CONFIG:
        return hmmcl_info_bitfield(info, d->single_fp_config);
    case CL_DEVICE_DOUBLE_FP_CONFIG:
        return hmmcl_info_bitfield(info, d->double_fp_config);
    case CL_DEVICE_HALF_FP_CONFIG:
        return hmmcl_info_bitfield(info, 0);

    /* Memory. */
    case CL_DEVICE_GLOBAL_MEM_SIZE:
        return hmmcl_info_ulong(info, d->global_mem_size);
    case CL_DEVICE_MAX_MEM_ALLOC_SIZE:
        return hmmcl_info_ulong(info, d->max_mem_alloc_size);
    case CL_DEVICE_GLOBAL_MEM_CACHE_TYPE:
        return hmmcl_info_uint(info, d->global_mem_cache_type);
    case CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE:
        return hmmcl_info_uint(info, d->global_mem_cacheline_size);
    case CL_DEVICE_GLOBAL_MEM_CACHE_SIZE:
        return hmmcl_info_ulong(info, d->global_mem_cache_size);
    case CL_DEVICE_LOCAL_MEM_TYPE:
        return hmmcl_info_uint(info, d->local_mem_type);
    case CL_DEVICE_LOCAL_MEM_SIZE:
        return hmmcl_info_ulong(info, d->local_mem_size);
    case CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE:
        return hmmcl_info_ulong(info, d->max_constant_buffer_size);
    case CL_DEVICE_MAX_CONSTANT_ARGS:
        return hmmcl_info_uint(info, d->max_constant_args);
    case CL_DEVICE_MAX_PARAMETER_SIZE:
        return hmmcl_info_size(info, d->max_parameter_size);
    case CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE:
        return hmmcl_info_size(info, d->max_global_variable_size);
    case CL_DEVICE_GLOBAL_VARIABLE_PREFERRED_TOTAL_SIZE:
        return hmmcl_info_size(info, d->global_variable_preferred_total_size);
    case CL_DEVICE_MEM_BASE_ADDR_ALIGN:
        return hmmcl_info_uint(info, DEVICE_MEM_BASE_ADDR_ALIGN);
    case CL_DEVICE_MIN_DATA_TYPE_ALIGN_SIZE:
        return hmmcl_info_uint(info, DEVICE_MEM_BASE_ADDR_ALIGN / 8);
    case CL_DEVICE_ERROR_CORRECTION_SUPPORT:
        return hmmcl_info_bool(info, CL_FALSE);
    case CL_DEVICE_HOST_UNIFIED_MEMORY:
        return hmmcl_info_bool(info, d->host_unified_memory);
    case CL_DEVICE_SVM_CAPABILITIES:
        return hmmcl_info_bitfield(info, d->svm_caps);
    /* 0: natural alignment of the type is enough for every atomic. */
    case CL_DEVICE_PREFERRED_PLATFORM_ATOMIC_ALIGNMENT:
    case CL_DEVICE_PREFERRED_GLOBAL_ATOMIC_ALIGNMENT:
    case CL_DEVICE_PREFERRED_LOCAL_ATOMIC_ALIGNMENT:
        return hmmcl_info_uint(info, 0);
    case CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES:
        return hmmcl_info_bitfield(info, d->atomic_memory_caps);
    case CL_DEVICE_ATOMIC_FENCE_CAPABILITIES:
        return hmmcl_info_bitfield(info, d->atomic_fence_caps);
    case CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT:
        return hmmcl_info_bool(info, CL_TRUE);

    /* Images and samplers: not supported, every limit is 0. */
    case CL_DEVICE_IMAGE_SUPPORT:
        return hmmcl_info_bool(info, CL_FALSE);
    case CL_DEVICE_MAX_READ_IMAGE_ARGS:
    case CL_DEVICE_MAX_WRITE_IMAGE_ARGS:
    case CL_DEVICE_MAX_READ_WRITE_IMAGE_ARGS:
    case CL_DEVICE_MAX_SAMPLERS:
    case CL_DEVICE_IMAGE_PITCH_ALIGNMENT:
    case CL_DEVICE_IMAGE_BASE_ADDRESS_ALIGNMENT:
        return hmmcl_info_uint(info, 0);
    case CL_DEVICE_IMAGE2D_MAX_WIDTH:
    case CL_DEVICE_IMAGE2D_MAX_HEIGHT:
    case CL_DEVICE_IMAGE3D_MAX_WIDTH:
    case CL_DEVICE_IMAGE3D_MAX_HEIGHT:
    case CL_DEVICE_IMAGE3D_MAX_DEPTH:
    case CL_DEVICE_IMAGE_MAX_BUFFER_SIZE:
    case CL_DEVICE_IMAGE_MAX_ARRAY_SIZE:
        return hmmcl_info_size(info, 0);

    /* Pipes: not supported. */
    case CL_DEVICE_PIPE_SUPPORT:
        return hmmcl_info_bool(info, CL_FALSE);
    case CL_DEVICE_MAX_PIPE_ARGS:
    case CL_DEVICE_PIPE_MAX_ACTIVE_RESERVATIONS:
    case CL_DEVICE_PIPE_MAX_PACKET_SIZE:
        return hmmcl_info_uint(info, 0);

    /* Programs. */
    case CL_DEVICE_COMPILER_AVAILABLE:
        return hmmcl_info_bool(info, d->compiler_available);
    /* Must be CL_TRUE when the compiler is; both arrive together. */
    case CL_DEVICE_LINKER_AVAILABLE:
        return hmmcl_info_bool(info, d->compiler_available);
    case CL_DEVICE_OPENCL_C_VERSION:
        return hmmcl_info_string(info, DEVICE_OPENCL_C_VERSION);
    case CL_DEVICE_OPENCL_C_ALL_VERSIONS:
        return hmmcl_info_bytes(info, d->opencl_c_versions,
                                d->num_opencl_c_versions * sizeof(d->opencl_c_versions[0]));
    case CL_DEVICE_OPENCL_C_FEATURES:
        return hmmcl_info_bytes(info, d->opencl_c_features,
                                d->num_opencl_c_features * sizeof(d->opencl_c_features[0]));
    /* No IL is accepted until the SPIR-V front end lands. */
    /* A device with the compiler accepts SPIR-V 1.0 to 1.4 (runtime/compiler/spirv_*.c). */
    case CL_DEVICE_IL_VERSION:
        return hmmcl_info_string(info, d->compiler_available ? DEVICE_IL_VERSION : "");
    case CL_DEVICE_ILS_WITH_VERSION:
        return hmmcl_info_bytes(info, il_versions, d->compiler_available ? sizeof(il_versions) : 0);
    case CL_DEVICE_BUILT_IN_KERNELS:
        return hmmcl_info_string(info, "");
    case CL_DEVICE_BUILT_IN_KERNELS_WITH_VERSION:
        return hmmcl_info_bytes(info, NULL, 0);

    /* cl_hmmcl_device_counters: only devices with a counters hook know the query. */
    case CL_DEVICE_COUNTERS_HMMCL: {
        cl_device_counters_hmmcl counters = {0};
        cl_int err;

        if (!d->ops->counters)
            return INFO_UNKNOWN;
        err = d->ops->counters(d, &counters);
        if (err)
            return err;
        return hmmcl_info_bytes(info, &counters, sizeof(counters));
    }

    /* Interop: there is none, so the application synchronises. */
    case CL_DEVICE_PREFERRED_INTEROP_USER_SYNC:
        return hmmcl_info_bool(info, CL_TRUE);

    /* Partitioning: not supported; every device is a root device. */
    case CL_DEVICE_PARENT_DEVICE: {
        cl_device_id none = NULL;

        return hmmcl_info_bytes(info, &none, sizeof(none));
    }
    case CL_DEVICE_PARTITION_MAX_SUB_DEVICES:
        return hmmcl_info_uint(info, 0);
    case CL_DEVICE_PARTITION_PROPERTIES: {
        const cl_device_partition_property none = 0;

        return hmmcl_info_bytes(info, &none, sizeof(none));
    }
    case CL_DEVICE_PARTITION_AFFINITY_DOMAIN:
        return hmmcl_info_bitfield(info, 0);
    case CL_DEVICE_PARTITION_TYPE:
        return hmmcl_info_bytes(info, NULL, 0);

    default:
        return INFO_UNKNOWN;
    }
}

CL_API_ENTRY cl_int CL_API_CALL clGetDeviceInfo(cl_device_id device, cl_device_info param_name,
                                                size_t param_value_size, void *param_value,
                                                size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    /* CL_INVALID_DEVICE if device is not valid. */
    if (!hmmcl_device_valid(device))
        HMMCL_FAIL(CL_INVALID_DEVICE, "%p is not a device", (void *)device);
    err = device_info(&info, device, param_name);
    /* CL_INVALID_VALUE if param_name is not one of the supported values ... */
    if (err == INFO_UNKNOWN)
        HMMCL_FAIL(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    /* ... or if param_value_size is less than the size of the return type. */
    if (err == CL_INVALID_VALUE)
        HMMCL_FAIL(err, "param 0x%x: param_value_size %zu too small", param_name, param_value_size);
    /* The device failed to answer (cl_hmmcl_device_counters: the driver's ioctl). */
    if (err)
        HMMCL_FAIL(err, "param 0x%x: the device could not answer", param_name);
    return CL_SUCCESS;

error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clCreateSubDevices(cl_device_id in_device,
                                                   const cl_device_partition_property *properties,
                                                   cl_uint num_devices, cl_device_id *out_devices,
                                                   cl_uint *num_devices_ret)
{
    /* CL_INVALID_DEVICE if in_device is not a valid device. */
    if (!hmmcl_device_valid(in_device))
        HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "%p is not a device", (void *)in_device);
    /*
     * CL_INVALID_VALUE if values specified in properties are not valid or if
     * values specified in properties are valid but not supported by the
     * device. No device supports a partition scheme
     * (CL_DEVICE_PARTITION_PROPERTIES is {0}), so every list is one or the
     * other.
     */
    if (!properties)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "properties is NULL");
    switch (properties[0]) {
    case CL_DEVICE_PARTITION_EQUALLY:
    case CL_DEVICE_PARTITION_BY_COUNTS:
    case CL_DEVICE_PARTITION_BY_AFFINITY_DOMAIN:
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "partition scheme 0x%lx is not supported",
                           (unsigned long)properties[0]);
    default:
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "0x%lx is not a partition scheme",
                           (unsigned long)properties[0]);
    }
}

/* Root devices: retain and release are no-ops that succeed (1.2 spec). */
CL_API_ENTRY cl_int CL_API_CALL clRetainDevice(cl_device_id device)
{
    /* CL_INVALID_DEVICE if device is not a valid device. */
    if (!hmmcl_device_valid(device))
        HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "%p is not a device", (void *)device);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseDevice(cl_device_id device)
{
    /* CL_INVALID_DEVICE if device is not a valid device. */
    if (!hmmcl_device_valid(device))
        HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "%p is not a device", (void *)device);
    return CL_SUCCESS;
}

/*
 * Device and host timers are the same clock here (CLOCK_MONOTONIC through
 * hmmcl_now_ns(), which event profiling uses too), so one reading is a
 * perfectly synchronised pair.
 */
CL_API_ENTRY cl_int CL_API_CALL clGetDeviceAndHostTimer(cl_device_id device,
                                                        cl_ulong *device_timestamp,
                                                        cl_ulong *host_timestamp)
{
    cl_ulong now;

    /* CL_INVALID_DEVICE if device is not a valid device. */
    if (!hmmcl_device_valid(device))
        HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "%p is not a device", (void *)device);
    /* CL_INVALID_VALUE if host_timestamp or device_timestamp is NULL. */
    if (!device_timestamp || !host_timestamp)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "a timestamp pointer is NULL");
    now = hmmcl_now_ns();
    *device_timestamp = now;
    *host_timestamp = now;
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clGetHostTimer(cl_device_id device, cl_ulong *host_timestamp)
{
    /* CL_INVALID_DEVICE if device is not a valid device. */
    if (!hmmcl_device_valid(device))
        HMMCL_RETURN_ERROR(CL_INVALID_DEVICE, "%p is not a device", (void *)device);
    /* CL_INVALID_VALUE if host_timestamp is NULL. */
    if (!host_timestamp)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "host_timestamp is NULL");
    *host_timestamp = hmmcl_now_ns();
    return CL_SUCCESS;
}

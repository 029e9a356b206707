/* SPDX-License-Identifier: MIT */
/*
 * A device is a backend behind struct hmmcl_device_ops plus the facts the
 * queries report (struct _cl_device_id fields the backend fills in at probe
 * time and never changes afterwards, so they are read without locks).
 *
 * DOC: backend contract
 *
 * Every hook is called with no runtime lock held. "Worker" below means one
 * of the scheduler's threads (core/scheduler.c); hooks called there may block
 * for as long as the command takes but must not wait for other commands.
 *
 * run (required, worker thread): execute @cmd, whose dependencies have all
 *   completed. Return CL_SUCCESS, or a negative CL error code that becomes
 *   the command's event status (and fails the commands that depend on it).
 *   Memory named by the command is process memory: the backend needs only
 *   the pointers. hmmcl_command_run_on_host() executes any command on the
 *   host and is what a backend calls for ops it does not accelerate.
 *
 * executable_fini (optional, any thread, no lock held): @exe, an
 *   executable of this device (core/executable.h) for which the backend set
 *   device state, is being destroyed: release that state. No command using
 *   the executable is pending (each holds its kernel, hence its program).
 *
 * counters (optional, any thread): fill @counters for the
 *   CL_DEVICE_COUNTERS_HMMCL query (cl_hmmcl_device_counters). Return
 *   CL_SUCCESS or a CL error code. Devices without it answer the query with
 *   CL_INVALID_VALUE and must not list the extension.
 *
 * fini (optional, process exit): release what probe allocated.
 */
#ifndef HMMCL_CORE_DEVICE_H
#define HMMCL_CORE_DEVICE_H

#include "core/object.h"

struct hmmcl_command;
struct hmmcl_executable;

struct hmmcl_device_ops {
    cl_int (*run)(cl_device_id device, struct hmmcl_command *cmd);
    void (*executable_fini)(cl_device_id device, struct hmmcl_executable *exe);
    cl_int (*counters)(cl_device_id device, cl_device_counters_hmmcl *counters);
    void (*fini)(cl_device_id device);
};

struct _cl_device_id {
    struct hmmcl_object obj;
    cl_platform_id platform;
    const struct hmmcl_device_ops *ops;
    void *priv; /* the backend's */

    /* What the queries report; set by the backend's probe. */
    cl_device_type type;
    const char *name;
    cl_uint vendor_id;
    cl_uint compute_units;
    cl_uint clock_mhz;
    size_t max_work_group_size;
    size_t max_work_item_sizes[3];
    cl_uint sub_group_size; /* work-items per sub-group (the last may be partial); 0: none */
    cl_ulong global_mem_size;
    cl_ulong max_mem_alloc_size;
    cl_ulong local_mem_size;
    cl_ulong global_mem_cache_size;
    cl_uint global_mem_cacheline_size;
    cl_device_svm_capabilities svm_caps;
    cl_device_exec_capabilities exec_caps;
    cl_bool compiler_available;
    cl_bool host_unified_memory;

    /*
     * Added by the platform/device issue: the rest of what clGetDeviceInfo
     * reports that differs between backends. Values every hmmcl device
     * shares (versions, image/pipe limits that are 0) live in api/device.c.
     */
    const char *vendor;
    cl_uint preferred_work_group_size_multiple;
    cl_device_local_mem_type local_mem_type;
    cl_device_mem_cache_type global_mem_cache_type;
    cl_ulong max_constant_buffer_size;
    cl_uint max_constant_args;
    size_t max_parameter_size;
    size_t max_global_variable_size;
    size_t global_variable_preferred_total_size;
    size_t printf_buffer_size;
    size_t profiling_timer_resolution; /* nanoseconds */
    cl_device_fp_config single_fp_config;
    cl_device_fp_config double_fp_config; /* 0 without cl_khr_fp64 */
    cl_device_atomic_capabilities atomic_memory_caps;
    cl_device_atomic_capabilities atomic_fence_caps;
    cl_command_queue_properties queue_properties; /* host queues */
    /* Both tables are static; CL_DEVICE_EXTENSIONS and CL_DEVICE_OPENCL_C_FEATURES
     * are built from them so the string and *_WITH_VERSION forms agree. */
    const cl_name_version *extensions;
    size_t num_extensions;
    const cl_name_version *opencl_c_features;
    size_t num_opencl_c_features;
    /* CL_DEVICE_OPENCL_C_ALL_VERSIONS: what -cl-std may ask for. */
    const cl_name_version *opencl_c_versions;
    size_t num_opencl_c_versions;
};

/* The CPU device (devices/cpu). Returns NULL only on allocation failure. */
cl_device_id hmmcl_cpu_device_probe(cl_platform_id platform);

/*
 * One device per hmmgpu kernel-driver instance (devices/hmmgpu), in render
 * node order, at most @max of them in @devices. Returns how many; 0 without
 * the driver.
 */
cl_uint hmmcl_hmmgpu_probe(cl_platform_id platform, cl_device_id *devices, cl_uint max);

/* True if @device lists the extension @name in CL_DEVICE_EXTENSIONS. */
bool hmmcl_device_has_extension(cl_device_id device, const char *name);
/* True if @device lists the OpenCL C feature @name in CL_DEVICE_OPENCL_C_FEATURES. */
bool hmmcl_device_has_c_feature(cl_device_id device, const char *name);

/* True if @device is one of the platform's devices. */
bool hmmcl_device_valid(cl_device_id device);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The CPU device: runs commands on the host with the process's own pointers
 * (the scheduler's worker calls ops->run). Everything it reports is read
 * from this host at probe time: processors and memory from sysconf, name,
 * vendor and clock from /proc/cpuinfo and sysfs, caches from sysconf with a
 * sysfs fallback.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/command.h"
#include "core/device.h"
#include "core/platform.h"
#include "devices/cpu/cpu_exec.h"
#include "engine/isa.h"

#define CPU_NAME_FALLBACK "hmmcl CPU"
#define CPU_NAME_MAX      128
#define CPU_VENDOR_MAX    64

/* PCI vendor IDs, which CL_DEVICE_VENDOR_ID must use when the vendor has one. */
#define PCI_VENDOR_ID_INTEL 0x8086
#define PCI_VENDOR_ID_AMD   0x1022

/* The one allocation a probe makes; the strings the queries return live in it. */
struct cpu_device {
    struct _cl_device_id dev;
    char name[CPU_NAME_MAX];
    char vendor[CPU_VENDOR_MAX];
};

/*
 * Every extension listed here is implemented by the runtime for this device
 * today, or needs only the compiler (which declares the matching pragmas and
 * builtins for whatever the device lists); nothing for images or fp16.
 * cl_khr_il_program: SPIR-V 1.0 to 1.4 through clCreateProgramWithIL.
 */
static const cl_name_version cpu_extensions[] = {
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
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_subgroups"},
};

/*
 * The optional OpenCL C 3.0 features this device supports. They describe
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
static const cl_name_version cpu_opencl_c_features[] = {
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

static cl_int cpu_run(cl_device_id device, struct hmmcl_command *cmd)
{
    if (cmd->op == HMMCL_OP_NDRANGE)
        return hmmcl_cpu_ndrange_run(device, cmd->ndrange);
    return hmmcl_command_run_on_host(cmd);
}

/* Never called: the platform holds its root devices until the process exits. */
static void cpu_device_destroy(struct hmmcl_object *obj)
{
    (void)obj;
}

static const struct hmmcl_device_ops cpu_ops = {
    .run = cpu_run,
};

/* Copy the value of the first "@key : value" line of /proc/cpuinfo. */
static bool cpuinfo_field(const char *key, char *out, size_t out_size)
{
    FILE *f = fopen("/proc/cpuinfo", "re");
    char line[512];
    size_t key_len = strlen(key);
    bool found = false;

    if (!f)
        return false;
    while (!found && fgets(line, sizeof(line), f)) {
        char *p = line + key_len;
        size_t len;

        if (strncmp(line, key, key_len) || (*p != ' ' && *p != '\t' && *p != ':'))
            continue;
        p = strchr(p, ':');
        if (!p)
            continue;
        for (p++; isspace((unsigned char)*p);)
            p++;
        len = strlen(p);
        while (len && isspace((unsigned char)p[len - 1]))
            p[--len] = '\0';
        if (!len)
            continue;
        snprintf(out, out_size, "%s", p);
        found = true;
    }
    fclose(f);
    return found;
}

static unsigned long long read_ull(const char *path)
{
    FILE *f = fopen(path, "re");
    unsigned long long v = 0;
    char suffix = 0;

    if (!f)
        return 0;
    if (fscanf(f, "%llu%c", &v, &suffix) < 1)
        v = 0;
    else if (suffix == 'K')
        v *= 1024;
    else if (suffix == 'M')
        v *= 1024 * 1024;
    fclose(f);
    return v;
}

static cl_uint probe_clock_mhz(void)
{
    char mhz[32];
    unsigned long long khz = read_ull("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");

    if (khz)
        return (cl_uint)(khz / 1000);
    if (cpuinfo_field("cpu MHz", mhz, sizeof(mhz)))
        return (cl_uint)(strtod(mhz, NULL) + 0.5);
    return 0;
}

/* Size and line size of the last-level data (or unified) cache. */
static void probe_cache(cl_ulong *size, cl_uint *line)
{
    static const int size_names[] = {_SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE,
                                     _SC_LEVEL1_DCACHE_SIZE};
    static const int line_names[] = {_SC_LEVEL3_CACHE_LINESIZE, _SC_LEVEL2_CACHE_LINESIZE,
                                     _SC_LEVEL1_DCACHE_LINESIZE};

    *size = 0;
    *line = 0;
    for (size_t i = 0; i < sizeof(size_names) / sizeof(size_names[0]) && !*size; i++) {
        long s = sysconf(size_names[i]);
        long l = sysconf(line_names[i]);

        if (s > 0) {
            *size = (cl_ulong)s;
            *line = l > 0 ? (cl_uint)l : 0;
        }
    }
    /* Not every architecture's sysconf knows: the highest sysfs cache index. */
    for (int i = 7; i >= 0 && !*size; i--) {
        char path[96];

        snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        *size = read_ull(path);
        snprintf(path, sizeof(path),
                 "/sys/devices/system/cpu/cpu0/cache/index%d/coherency_line_size", i);
        *line = (cl_uint)read_ull(path);
    }
    if (*size && !*line)
        *line = 64;
}

static void probe_vendor(struct cpu_device *cpu)
{
    char id[CPU_VENDOR_MAX];

    cpu->dev.vendor_id = 0;
    if (!cpuinfo_field("vendor_id", id, sizeof(id))) {
        /* No x86 vendor string: the device is hmmcl's own software device. */
        snprintf(cpu->vendor, sizeof(cpu->vendor), "%s", HMMCL_PLATFORM_VENDOR);
        return;
    }
    snprintf(cpu->vendor, sizeof(cpu->vendor), "%s", id);
    if (!strcmp(id, "GenuineIntel"))
        cpu->dev.vendor_id = PCI_VENDOR_ID_INTEL;
    else if (!strcmp(id, "AuthenticAMD"))
        cpu->dev.vendor_id = PCI_VENDOR_ID_AMD;
}

cl_device_id hmmcl_cpu_device_probe(cl_platform_id platform)
{
    struct cpu_device *cpu = calloc(1, sizeof(*cpu));
    cl_device_id dev;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGESIZE);
    cl_ulong mem, quarter;

    if (!cpu)
        return NULL;
    dev = &cpu->dev;
    hmmcl_object_init(&dev->obj, HMMCL_MAGIC_DEVICE, cpu_device_destroy);
    dev->platform = platform;
    dev->ops = &cpu_ops;

    if (!cpuinfo_field("model name", cpu->name, sizeof(cpu->name)))
        snprintf(cpu->name, sizeof(cpu->name), "%s", CPU_NAME_FALLBACK);
    dev->name = cpu->name;
    probe_vendor(cpu);
    dev->vendor = cpu->vendor;

    /* The default flag is added by the CL_DEVICE_TYPE query (first device). */
    dev->type = CL_DEVICE_TYPE_CPU;
    dev->compute_units = ncpu > 0 ? (cl_uint)ncpu : 1;
    dev->clock_mhz = probe_clock_mhz();

    dev->max_work_group_size = 1024;
    dev->max_work_item_sizes[0] = 1024;
    dev->max_work_item_sizes[1] = 1024;
    dev->max_work_item_sizes[2] = 1024;
    dev->sub_group_size = HMM_SUB_GROUP_SIZE;    /* the engine's: consecutive local linear ids */
    dev->preferred_work_group_size_multiple = 1; /* work-items run one by one: any size */

    /* All of the host's memory is the device's global memory (system SVM). */
    mem = pages > 0 && page_size > 0 ? (cl_ulong)pages * (cl_ulong)page_size : 0;
    dev->global_mem_size = mem;
    /* FULL_PROFILE minimum: max(1/4 of global memory, 128 MiB). */
    quarter = mem / 4;
    dev->max_mem_alloc_size = quarter > 128ull << 20 ? quarter : 128ull << 20;
    if (mem && dev->max_mem_alloc_size > mem)
        dev->max_mem_alloc_size = mem;
    probe_cache(&dev->global_mem_cache_size, &dev->global_mem_cacheline_size);
    dev->global_mem_cache_type = dev->global_mem_cache_size ? CL_READ_WRITE_CACHE : CL_NONE;

    /* Local memory is bounds-checked host memory, not a separate store. */
    dev->local_mem_type = CL_GLOBAL;
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
    dev->exec_caps = CL_EXEC_KERNEL | CL_EXEC_NATIVE_KERNEL; /* native kernels: the runtime */
    dev->compiler_available = CL_TRUE; /* clang-15 + llvm-spirv-15: runtime/compiler/ */
    dev->host_unified_memory = CL_TRUE;
    dev->queue_properties = CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_PROFILING_ENABLE;

    /* The engine's float / and sqrt are the host's IEEE operations (engine/exec_float.c),
     * correctly rounded whatever the build options: conformance math/math_fp_config. */
    dev->single_fp_config = CL_FP_DENORM | CL_FP_INF_NAN | CL_FP_ROUND_TO_NEAREST | CL_FP_FMA |
                            CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
    dev->double_fp_config = CL_FP_DENORM | CL_FP_INF_NAN | CL_FP_ROUND_TO_NEAREST | CL_FP_FMA;
    dev->atomic_memory_caps = CL_DEVICE_ATOMIC_ORDER_RELAXED | CL_DEVICE_ATOMIC_ORDER_ACQ_REL |
                              CL_DEVICE_ATOMIC_ORDER_SEQ_CST | CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP |
                              CL_DEVICE_ATOMIC_SCOPE_DEVICE | CL_DEVICE_ATOMIC_SCOPE_ALL_DEVICES;
    dev->atomic_fence_caps = dev->atomic_memory_caps | CL_DEVICE_ATOMIC_SCOPE_WORK_ITEM;

    dev->extensions = cpu_extensions;
    dev->num_extensions = sizeof(cpu_extensions) / sizeof(cpu_extensions[0]);
    dev->opencl_c_features = cpu_opencl_c_features;
    dev->num_opencl_c_features = sizeof(cpu_opencl_c_features) / sizeof(cpu_opencl_c_features[0]);
    return dev;
}

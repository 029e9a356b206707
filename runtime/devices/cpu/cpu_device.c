/* SPDX-License-Identifier: MIT */
/*
 * The CPU device: runs commands on the host with the process's own pointers
 * (the scheduler's worker calls ops->run). Everything it reports is read
 * from this host at probe time: processors and memory from sysconf, name,
 * vendor and clock from /proc/cpuinfo and sysfs, caches from sysconf with a
 * sysfs fallback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/command.h"
#include "core/device.h"
#include "core/platform.h"
#include "devices/common/host_info.h"
#include "devices/common/isa_device.h"
#include "devices/cpu/cpu_exec.h"

#define CPU_NAME_FALLBACK "hmmcl CPU"
#define CPU_NAME_MAX      128
#define CPU_VENDOR_MAX    64

/* CL_DEVICE_LOCAL_MEM_SIZE of the CPU device (see hmmcl_cpu_device_probe). */
#define HMMCL_CPU_LOCAL_MEM_SIZE (1024 * 1024)

/* PCI vendor IDs, which CL_DEVICE_VENDOR_ID must use when the vendor has one. */
#define PCI_VENDOR_ID_INTEL 0x8086
#define PCI_VENDOR_ID_AMD   0x1022

/* The one allocation a probe makes; the strings the queries return live in it. */
struct cpu_device {
    struct _cl_device_id dev;
    char name[CPU_NAME_MAX];
    char vendor[CPU_VENDOR_MAX];
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

static void probe_vendor(struct cpu_device *cpu)
{
    char id[CPU_VENDOR_MAX];

    cpu->dev.vendor_id = 0;
    if (!hmmcl_host_cpuinfo_field("vendor_id", id, sizeof(id))) {
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

    if (!cpu)
        return NULL;
    dev = &cpu->dev;
    hmmcl_object_init(&dev->obj, HMMCL_MAGIC_DEVICE, cpu_device_destroy);
    dev->platform = platform;
    dev->ops = &cpu_ops;
    hmmcl_isa_device_init(dev);

    if (!hmmcl_host_cpuinfo_field("model name", cpu->name, sizeof(cpu->name)))
        snprintf(cpu->name, sizeof(cpu->name), "%s", CPU_NAME_FALLBACK);
    dev->name = cpu->name;
    probe_vendor(cpu);
    dev->vendor = cpu->vendor;

    /* The default flag is added by the CL_DEVICE_TYPE query (first device). */
    dev->type = CL_DEVICE_TYPE_CPU;
    dev->compute_units = hmmcl_host_cpus();
    dev->clock_mhz = hmmcl_host_clock_mhz();
    hmmcl_host_cache(&dev->global_mem_cache_size, &dev->global_mem_cacheline_size);
    dev->global_mem_cache_type = dev->global_mem_cache_size ? CL_READ_WRITE_CACHE : CL_NONE;

    /*
     * Local memory is bounds-checked host memory, not a separate store: each
     * worker allocates a work-group's arena from the heap, sized by what the
     * kernel uses, so the limit is a promise about speed, not capacity. 1 MiB
     * is the size of a core's L2 cache on current x86 parts (where a
     * work-group's tile stays hot), what PoCL reports on this class of
     * machine, and enough for the tiles of tuned BLAS kernels in double and
     * complex precision (CLBlast's batched GEMMs): docs/execution.md.
     */
    dev->local_mem_type = CL_GLOBAL;
    dev->local_mem_size = HMMCL_CPU_LOCAL_MEM_SIZE;
    dev->exec_caps = CL_EXEC_KERNEL | CL_EXEC_NATIVE_KERNEL; /* native kernels: the runtime */
    return dev;
}

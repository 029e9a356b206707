/* SPDX-License-Identifier: MIT */
/*
 * hmmgpu devices: finding the driver's render nodes, what each device
 * reports, and its counters (cl_hmmcl_device_counters). See DOC: hmmgpu
 * device in hmmgpu.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/platform.h"
#include "devices/common/host_info.h"
#include "devices/common/isa_device.h"
#include "devices/hmmgpu/hmmgpu.h"
#include "devices/hmmgpu/hmmgpu_drm.h"
#include "util/log.h"

#define DRI_DIR           "/dev/dri"
#define RENDER_NODE_NAME  "renderD"
#define COMPUTE_UNITS_SYS "/sys/module/hmmgpu/parameters/compute_units"
#define DRIVER_MAX_CUS    64 /* the driver's HMMGPU_MAX_CUS (not UAPI) */

/* What hmmgpu devices list beyond the ISA devices' extensions. */
static const cl_name_version hmmgpu_own_extensions[] = {
    {CL_MAKE_VERSION(1, 0, 0), CL_HMMCL_SVM_MIGRATE_SYSTEM_EXTENSION_NAME},
    {CL_MAKE_VERSION(1, 0, 0), CL_HMMCL_DEVICE_COUNTERS_EXTENSION_NAME},
};
#define NUM_OWN_EXTENSIONS (sizeof(hmmgpu_own_extensions) / sizeof(hmmgpu_own_extensions[0]))

static cl_int hmmgpu_counters(cl_device_id device, cl_device_counters_hmmcl *out)
{
    struct hmmgpu_device *g = hmmgpu_device(device);
    struct drm_hmmgpu_counters c;
    int err = hmmgpu_drm_counters(g->fd, &c);

    if (err) {
        if (hmmcl_log_enabled())
            hmmcl_log("hmmgpu %s: COUNTERS: %s", g->node, strerror(-err));
        return CL_OUT_OF_RESOURCES;
    }
    *out = (cl_device_counters_hmmcl){
        .faults = c.faults,
        .pages_mirrored = c.pages_mirrored,
        .invalidations = c.invalidations,
        .pages_invalidated = c.pages_invalidated,
        .migrated_to_vram = c.migrated_to_vram,
        .migrated_to_ram = c.migrated_to_ram,
        .evictions = c.evictions,
        .auto_migrations = c.auto_migrations,
        .vram_pages = c.vram_pages,
        .vram_used = c.vram_used,
        .jobs_submitted = c.jobs_submitted,
        .jobs_completed = c.jobs_completed,
        .jobs_failed = c.jobs_failed,
        .jobs_timed_out = c.jobs_timed_out,
        .work_groups = c.work_groups,
        .tlb_misses = c.tlb_misses,
        .programs_verified = c.programs_verified,
        .programs_rejected = c.programs_rejected,
        .program_cache_hits = c.program_cache_hits,
    };
    return CL_SUCCESS;
}

/* Never called: the platform holds its root devices until the process exits. */
static void hmmgpu_device_destroy(struct hmmcl_object *obj)
{
    (void)obj;
}

static const struct hmmcl_device_ops hmmgpu_ops = {
    .run = hmmgpu_run,
    .executable_fini = hmmgpu_executable_fini,
    .counters = hmmgpu_counters,
};

/*
 * The driver's compute units: its module parameter, and where that is 0 (or
 * unreadable) the driver's default, one per online processor up to
 * DRIVER_MAX_CUS.
 */
static cl_uint compute_units(void)
{
    unsigned long long n = hmmcl_host_read_ull(COMPUTE_UNITS_SYS);
    cl_uint cpus = hmmcl_host_cpus();

    if (n && n <= DRIVER_MAX_CUS)
        return (cl_uint)n;
    return cpus < DRIVER_MAX_CUS ? cpus : DRIVER_MAX_CUS;
}

cl_device_id hmmgpu_device_create(cl_platform_id platform, int fd, const char *node)
{
    struct hmmgpu_device *g = calloc(1, sizeof(*g));
    cl_device_id dev;

    if (!g)
        return NULL;
    g->extensions = calloc(hmmcl_isa_num_extensions + NUM_OWN_EXTENSIONS, sizeof(*g->extensions));
    if (!g->extensions) {
        free(g);
        return NULL;
    }
    dev = &g->dev;
    hmmcl_object_init(&dev->obj, HMMCL_MAGIC_DEVICE, hmmgpu_device_destroy);
    dev->platform = platform;
    dev->ops = &hmmgpu_ops;
    dev->priv = g;
    g->fd = fd;
    snprintf(g->node, sizeof(g->node), "%s", node);
    hmmcl_isa_device_init(dev);

    snprintf(g->name, sizeof(g->name), "hmmgpu (virtual SVM GPU, %s)", node);
    dev->name = g->name;
    dev->vendor = HMMCL_PLATFORM_VENDOR;
    dev->vendor_id = 0; /* no PCI vendor: the device is hmmcl's own */
    dev->type = CL_DEVICE_TYPE_GPU;
    /* The compute units are kernel threads on the host's processors and caches. */
    dev->compute_units = compute_units();
    dev->clock_mhz = hmmcl_host_clock_mhz();
    hmmcl_host_cache(&dev->global_mem_cache_size, &dev->global_mem_cacheline_size);
    dev->global_mem_cache_type = dev->global_mem_cache_size ? CL_READ_WRITE_CACHE : CL_NONE;

    /* The driver's limits (hmmgpu_drm.h); local memory is a per-group arena in the driver. */
    dev->max_work_group_size = HMMGPU_MAX_WORK_GROUP_SIZE;
    for (int d = 0; d < 3; d++)
        dev->max_work_item_sizes[d] = HMMGPU_MAX_WORK_GROUP_SIZE;
    dev->local_mem_type = CL_LOCAL;
    dev->local_mem_size = HMMGPU_MAX_LOCAL_MEM;
    /* Kernels only: a native kernel is a host function, which a GPU does not run. */
    dev->exec_caps = CL_EXEC_KERNEL;

    memcpy(g->extensions, hmmcl_isa_extensions, hmmcl_isa_num_extensions * sizeof(*g->extensions));
    memcpy(g->extensions + hmmcl_isa_num_extensions, hmmgpu_own_extensions,
           sizeof(hmmgpu_own_extensions));
    dev->extensions = g->extensions;
    dev->num_extensions = hmmcl_isa_num_extensions + NUM_OWN_EXTENSIONS;
    return dev;
}

/* The number N of a "renderDN" entry, or -1. */
static long render_minor(const char *entry)
{
    size_t n = strlen(RENDER_NODE_NAME);
    char *end;
    long minor;

    if (strncmp(entry, RENDER_NODE_NAME, n) || !entry[n])
        return -1;
    minor = strtol(entry + n, &end, 10);
    return *end || minor < 0 ? -1 : minor;
}

static int by_minor(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;

    return (x > y) - (x < y);
}

/*
 * The render nodes, by minor number. Listed from /dev/dri rather than with
 * libdrm's drmGetDevices2(), which leaves out devices whose bus it cannot
 * describe; hmmgpu's are platform devices without firmware data, and
 * drmGetVersion() identifies a node whatever its bus.
 */
static size_t render_nodes(long *minors, size_t max)
{
    DIR *dir = opendir(DRI_DIR);
    struct dirent *e;
    size_t n = 0;

    if (!dir)
        return 0;
    while ((e = readdir(dir)) && n < max) {
        long minor = render_minor(e->d_name);

        if (minor >= 0)
            minors[n++] = minor;
    }
    closedir(dir);
    qsort(minors, n, sizeof(*minors), by_minor);
    return n;
}

cl_uint hmmcl_hmmgpu_probe(cl_platform_id platform, cl_device_id *devices, cl_uint max)
{
    long minors[256];
    size_t num_nodes = render_nodes(minors, sizeof(minors) / sizeof(minors[0]));
    cl_uint found = 0;

    for (size_t i = 0; i < num_nodes && found < max; i++) {
        char node[HMMGPU_NODE_MAX], path[sizeof(DRI_DIR) + HMMGPU_NODE_MAX];
        cl_device_id dev;
        int fd;

        snprintf(node, sizeof(node), RENDER_NODE_NAME "%ld", minors[i]);
        snprintf(path, sizeof(path), DRI_DIR "/%s", node);
        fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            if (hmmcl_log_enabled())
                hmmcl_log("hmmgpu probe: cannot open %s: %s", path, strerror(errno));
            continue;
        }
        if (!hmmgpu_drm_is_hmmgpu(fd)) {
            close(fd);
            continue;
        }
        dev = hmmgpu_device_create(platform, fd, node);
        if (!dev) {
            close(fd);
            if (hmmcl_log_enabled())
                hmmcl_log("hmmgpu %s: out of memory for the device", node);
            continue;
        }
        devices[found++] = dev;
    }
    return found;
}

/* SPDX-License-Identifier: MIT */
/*
 * The one platform object: static, created on first use under pthread_once,
 * never destroyed (applications may query it until the process exits, and
 * the loader keeps its handle). Devices are probed once: the CPU device
 * first (the default device), then one device per hmmgpu instance.
 */
#include <pthread.h>
#include <string.h>

#include "core/device.h"
#include "core/platform.h"
#include "util/log.h"

/* The CPU device and up to this many hmmgpu devices (the driver makes at most 16). */
#define PLATFORM_MAX_HMMGPU 64

static struct _cl_platform_id platform;
static cl_device_id platform_devices[1 + PLATFORM_MAX_HMMGPU];
static pthread_once_t platform_once = PTHREAD_ONCE_INIT;

/* Never called: the platform keeps its reference for the process lifetime. */
static void platform_destroy(struct hmmcl_object *obj)
{
    (void)obj;
}

static void platform_init(void)
{
    cl_device_id cpu;

    hmmcl_object_init(&platform.obj, HMMCL_MAGIC_PLATFORM, platform_destroy);
    platform.devices = platform_devices;
    platform.num_devices = 0;

    cpu = hmmcl_cpu_device_probe(&platform);
    if (cpu)
        platform_devices[platform.num_devices++] = cpu;
    else if (hmmcl_log_enabled())
        hmmcl_log("hmmcl: CPU device probe failed; the platform has no devices");
    platform.num_devices +=
        hmmcl_hmmgpu_probe(&platform, platform_devices + platform.num_devices, PLATFORM_MAX_HMMGPU);
}

cl_platform_id hmmcl_platform_get(void)
{
    pthread_once(&platform_once, platform_init);
    return &platform;
}

bool hmmcl_device_valid(cl_device_id device)
{
    cl_platform_id p = hmmcl_platform_get();

    /* Compare pointers before reading through one the application made up. */
    for (cl_uint i = 0; i < p->num_devices; i++) {
        if (p->devices[i] == device)
            return hmmcl_object_is(device, HMMCL_MAGIC_DEVICE);
    }
    return false;
}

static bool name_listed(const cl_name_version *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(list[i].name, name))
            return true;
    }
    return false;
}

bool hmmcl_device_has_extension(cl_device_id device, const char *name)
{
    return name_listed(device->extensions, device->num_extensions, name);
}

bool hmmcl_device_has_c_feature(cl_device_id device, const char *name)
{
    return name_listed(device->opencl_c_features, device->num_opencl_c_features, name);
}

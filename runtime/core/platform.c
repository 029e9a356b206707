/* SPDX-License-Identifier: MIT */
/*
 * The one platform object: static, created on first use under pthread_once,
 * never destroyed (applications may query it until the process exits, and
 * the loader keeps its handle). Devices are probed once, CPU device first.
 */
#include <pthread.h>

#include "core/device.h"
#include "core/platform.h"
#include "util/log.h"

static struct _cl_platform_id platform;
static cl_device_id platform_devices[1];
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

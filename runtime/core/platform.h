/* SPDX-License-Identifier: MIT */
#ifndef HMMCL_CORE_PLATFORM_H
#define HMMCL_CORE_PLATFORM_H

#include "core/object.h"

/*
 * The one hmmcl platform. Created on first use (clIcdGetPlatformIDsKHR),
 * lives until the process exits; its devices are probed once, in order: the
 * CPU device first (the default), then one device per hmmgpu instance.
 */
struct _cl_platform_id {
    struct hmmcl_object obj;
    cl_device_id *devices;
    cl_uint num_devices;
};

/* Returns the platform, probing devices on first call. Never NULL. */
cl_platform_id hmmcl_platform_get(void);

/* A NULL platform selects hmmcl's (the behaviour is implementation-defined). */
static inline bool hmmcl_platform_valid(cl_platform_id platform)
{
    return !platform || platform == hmmcl_platform_get();
}

#define HMMCL_PLATFORM_NAME    "hmmcl"
#define HMMCL_PLATFORM_VENDOR  "hmmcl project"
#define HMMCL_PLATFORM_PROFILE "FULL_PROFILE"
#define HMMCL_VERSION_STRING   "0.1.0"
#define HMMCL_PLATFORM_VERSION "OpenCL 3.0 hmmcl " HMMCL_VERSION_STRING
#define HMMCL_ICD_SUFFIX       "HMMCL"

#endif

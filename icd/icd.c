/* SPDX-License-Identifier: MIT */
/*
 * The entry points the ICD loader finds by name (icd/exports.map). Everything
 * else is reached through the dispatch table of the objects we hand out.
 */
#include <string.h>

#include "core/platform.h"
#include "util/log.h"

/*
 * Functions found by name through clGetExtensionFunctionAddress*: the
 * cl_khr_icd entry point, and clGetPlatformInfo, which ocl-icd looks up this
 * way to read the platform's ICD suffix before it accepts the vendor;
 * cl_khr_il_program's clCreateProgramWithILKHR, which is the core
 * clCreateProgramWithIL under another name, and cl_khr_subgroups'
 * clGetKernelSubGroupInfoKHR.
 */
static const struct {
    const char *name;
    void *fn;
} extension_functions[] = {
    {"clIcdGetPlatformIDsKHR", (void *)clIcdGetPlatformIDsKHR},
    {"clGetPlatformInfo", (void *)clGetPlatformInfo},
    {"clCreateProgramWithILKHR", (void *)clCreateProgramWithIL},
    {"clGetKernelSubGroupInfoKHR", (void *)clGetKernelSubGroupInfoKHR},
};

/* Not through the exported symbols: those may resolve to the loader's own. */
static void *lookup_extension_function(const char *func_name)
{
    if (!func_name)
        return NULL;
    for (size_t i = 0; i < sizeof(extension_functions) / sizeof(extension_functions[0]); i++) {
        if (!strcmp(func_name, extension_functions[i].name))
            return extension_functions[i].fn;
    }
    return NULL;
}

__attribute__((visibility("default"))) cl_int CL_API_CALL
clIcdGetPlatformIDsKHR(cl_uint num_entries, cl_platform_id *platforms, cl_uint *num_platforms)
{
    /* cl_khr_icd: same argument rules as clGetPlatformIDs. */
    if ((num_entries == 0 && platforms) || (!platforms && !num_platforms))
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "num_entries %u, platforms %p, num_platforms %p",
                           num_entries, (void *)platforms, (void *)num_platforms);
    if (platforms)
        platforms[0] = hmmcl_platform_get();
    if (num_platforms)
        *num_platforms = 1;
    return CL_SUCCESS;
}

__attribute__((visibility("default"))) void *CL_API_CALL
clGetExtensionFunctionAddressForPlatform(cl_platform_id platform, const char *func_name)
{
    if (!hmmcl_object_is(platform, HMMCL_MAGIC_PLATFORM))
        return NULL;
    return lookup_extension_function(func_name);
}

__attribute__((visibility("default"))) void *CL_API_CALL
clGetExtensionFunctionAddress(const char *func_name)
{
    return lookup_extension_function(func_name);
}

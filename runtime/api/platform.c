/* SPDX-License-Identifier: MIT */
/* Platform queries: clGetPlatformIDs, clGetPlatformInfo, compiler unloading. */
#include <time.h>

#include "core/platform.h"
#include "util/info.h"
#include "util/log.h"

#define PLATFORM_EXTENSIONS "cl_khr_icd"

static const cl_name_version platform_extensions[] = {
    {CL_MAKE_VERSION(1, 0, 0), "cl_khr_icd"},
};

CL_API_ENTRY cl_int CL_API_CALL clGetPlatformIDs(cl_uint num_entries, cl_platform_id *platforms,
                                                 cl_uint *num_platforms)
{
    /*
     * CL_INVALID_VALUE if num_entries is equal to zero and platforms is not
     * NULL or if both num_platforms and platforms are NULL.
     */
    if (num_entries == 0 && platforms)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "num_entries is 0 but platforms is not NULL");
    if (!platforms && !num_platforms)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "platforms and num_platforms are both NULL");

    if (platforms)
        platforms[0] = hmmcl_platform_get();
    if (num_platforms)
        *num_platforms = 1;
    return CL_SUCCESS;
}

/* The resolution of CLOCK_MONOTONIC, which every hmmcl timestamp uses. */
static cl_ulong host_timer_resolution(void)
{
    struct timespec res;

    if (clock_getres(CLOCK_MONOTONIC, &res) || (res.tv_sec == 0 && res.tv_nsec == 0))
        return 1;
    return (cl_ulong)res.tv_sec * 1000000000ull + (cl_ulong)res.tv_nsec;
}

CL_API_ENTRY cl_int CL_API_CALL clGetPlatformInfo(cl_platform_id platform,
                                                  cl_platform_info param_name,
                                                  size_t param_value_size, void *param_value,
                                                  size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    /*
     * CL_INVALID_PLATFORM if platform is not a valid platform (NULL selects
     * hmmcl's: the spec leaves NULL implementation-defined).
     */
    if (!hmmcl_platform_valid(platform))
        HMMCL_FAIL(CL_INVALID_PLATFORM, "%p is not hmmcl's platform", (void *)platform);

    switch (param_name) {
    case CL_PLATFORM_PROFILE:
        err = hmmcl_info_string(&info, HMMCL_PLATFORM_PROFILE);
        break;
    case CL_PLATFORM_VERSION:
        err = hmmcl_info_string(&info, HMMCL_PLATFORM_VERSION);
        break;
    case CL_PLATFORM_NUMERIC_VERSION:
        err = hmmcl_info_uint(&info, CL_MAKE_VERSION(3, 0, 0));
        break;
    case CL_PLATFORM_NAME:
        err = hmmcl_info_string(&info, HMMCL_PLATFORM_NAME);
        break;
    case CL_PLATFORM_VENDOR:
        err = hmmcl_info_string(&info, HMMCL_PLATFORM_VENDOR);
        break;
    case CL_PLATFORM_EXTENSIONS:
        err = hmmcl_info_string(&info, PLATFORM_EXTENSIONS);
        break;
    case CL_PLATFORM_EXTENSIONS_WITH_VERSION:
        err = hmmcl_info_bytes(&info, platform_extensions, sizeof(platform_extensions));
        break;
    case CL_PLATFORM_HOST_TIMER_RESOLUTION:
        err = hmmcl_info_ulong(&info, host_timer_resolution());
        break;
    case CL_PLATFORM_ICD_SUFFIX_KHR:
        err = hmmcl_info_string(&info, HMMCL_ICD_SUFFIX);
        break;
    default:
        /* CL_INVALID_VALUE if param_name is not one of the supported values. */
        HMMCL_FAIL(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    }
    /*
     * CL_INVALID_VALUE if the size in bytes specified by param_value_size is
     * less than the size of the return type and param_value is not NULL.
     */
    if (err)
        HMMCL_FAIL(err, "param_value_size %zu too small for 0x%x", param_value_size, param_name);
    return CL_SUCCESS;

error:
    return err;
}

/* Deprecated by 1.2: a hint that may be ignored; always succeeds. */
CL_API_ENTRY cl_int CL_API_CALL clUnloadCompiler(void)
{
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clUnloadPlatformCompiler(cl_platform_id platform)
{
    /* CL_INVALID_PLATFORM if platform is not a valid platform. */
    if (!platform || platform != hmmcl_platform_get())
        HMMCL_RETURN_ERROR(CL_INVALID_PLATFORM, "%p is not hmmcl's platform", (void *)platform);
    /* A hint: there is no compiler state to release yet. */
    return CL_SUCCESS;
}

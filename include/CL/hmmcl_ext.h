/* SPDX-License-Identifier: MIT */
/*
 * hmmcl's OpenCL extensions. Include after <CL/cl.h>.
 *
 * The Khronos headers come from the system (Debian's opencl-headers); this
 * header only adds what is hmmcl's own. Extension functions are obtained with
 * clGetExtensionFunctionAddressForPlatform.
 */
#ifndef CL_HMMCL_EXT_H
#define CL_HMMCL_EXT_H

#include <CL/cl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* CL_PLATFORM_NAME of hmmcl, for applications that pick it by name. */
#define CL_HMMCL_PLATFORM_NAME "hmmcl"
/* CL_PLATFORM_ICD_SUFFIX_KHR of hmmcl. */
#define CL_HMMCL_ICD_SUFFIX "HMMCL"

#ifdef __cplusplus
}
#endif

#endif

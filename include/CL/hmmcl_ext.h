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

/*
 * cl_hmmcl_svm_migrate_system (docs/extensions.md): on a device listing it,
 * clEnqueueSVMMigrateMem also migrates ranges of system memory (malloc,
 * mmap, ... anything but clSVMAlloc allocations) given with an explicit
 * nonzero size; OpenCL 3.0 allows only ranges inside clSVMAlloc allocations
 * (KhronosGroup/OpenCL-Docs#392). No new enums or functions.
 */
#define cl_hmmcl_svm_migrate_system                1
#define CL_HMMCL_SVM_MIGRATE_SYSTEM_EXTENSION_NAME "cl_hmmcl_svm_migrate_system"

/*
 * cl_hmmcl_device_counters (docs/extensions.md): clGetDeviceInfo with
 * CL_DEVICE_COUNTERS_HMMCL returns a cl_device_counters_hmmcl with the
 * device's event counters since its driver was loaded (every process).
 * Counters only grow, except the gauges vram_pages and vram_used. A field
 * the driver does not count reads 0. Devices without the extension answer
 * CL_INVALID_VALUE.
 */
#define cl_hmmcl_device_counters                1
#define CL_HMMCL_DEVICE_COUNTERS_EXTENSION_NAME "cl_hmmcl_device_counters"

#define CL_DEVICE_COUNTERS_HMMCL 0x4F00

typedef struct _cl_device_counters_hmmcl {
    cl_ulong faults;             /* device page faults resolved */
    cl_ulong pages_mirrored;     /* device page table entries filled by them */
    cl_ulong invalidations;      /* CPU page table changes the device was told of */
    cl_ulong pages_invalidated;  /* device page table entries they removed */
    cl_ulong migrated_to_vram;   /* pages moved into device memory */
    cl_ulong migrated_to_ram;    /* pages moved back to system memory */
    cl_ulong evictions;          /* pages evicted from device memory to make room */
    cl_ulong auto_migrations;    /* pages the driver moved to device memory on its own */
    cl_ulong vram_pages;         /* gauge: device memory in pages, 0 without any */
    cl_ulong vram_used;          /* gauge: device memory pages in use */
    cl_ulong jobs_submitted;     /* kernel launches, copies and fills queued */
    cl_ulong jobs_completed;     /* jobs that ended without error */
    cl_ulong jobs_failed;        /* jobs that ended with an error */
    cl_ulong jobs_timed_out;     /* jobs stopped at the driver's time limit (also failed) */
    cl_ulong work_groups;        /* work-groups run to the end */
    cl_ulong tlb_misses;         /* compute-unit TLB misses */
    cl_ulong programs_verified;  /* program images the device's verifier accepted */
    cl_ulong programs_rejected;  /* program images it rejected */
    cl_ulong program_cache_hits; /* program loads answered without verifying again */
} cl_device_counters_hmmcl;

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: MIT */
/*
 * What every device that runs the hmmcl ISA on process memory reports
 * alike. The CPU device and hmmgpu execute the same verified images with
 * the same engine (engine/), on the same memory (fine-grained system SVM),
 * so the compiler, arithmetic, atomics, sub-groups and memory limits are
 * one set of facts; a backend adds what is its own (identity, execution
 * units, caches, local memory, its extensions).
 */
#ifndef HMMCL_DEVICES_ISA_DEVICE_H
#define HMMCL_DEVICES_ISA_DEVICE_H

#include <stddef.h>

#include "core/device.h"

/* The extensions every ISA device lists (CL_DEVICE_EXTENSIONS), for backends that add some. */
extern const cl_name_version hmmcl_isa_extensions[];
extern const size_t hmmcl_isa_num_extensions;

/*
 * Fill in the shared facts of @dev: the OpenCL C features and extensions
 * (hmmcl_isa_extensions), floating-point and atomic capabilities,
 * sub-groups, SVM, queues, global memory (the host's), the limits on
 * arguments, constants, program-scope variables and printf, local memory
 * size and work-group limits (1024 work-items).
 */
void hmmcl_isa_device_init(cl_device_id dev);

#endif

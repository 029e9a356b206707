/* SPDX-License-Identifier: MIT */
/*
 * DOC: hmmgpu device
 *
 * One OpenCL device per instance of the hmmgpu kernel driver
 * (kernel-driver/, docs/hmmgpu.md): a DRM render node whose driver name is
 * "hmmgpu". The process opens each node once at probe time; the open file
 * is the device's GPU VM, which mirrors this process's address space, so
 * every pointer of the process (buffers, clSVMAlloc and system allocations,
 * the program's data segment, the printf buffer) is a device address as it
 * is. Commands run as jobs of the driver's compute units:
 *
 * - kernel launches: the executable's image is uploaded once
 *   (PROGRAM_CREATE, its handle kept as the executable's device state,
 *   destroyed with the executable) and each launch is one NDRange job;
 * - copies and fills: COPY and FILL jobs through the GPU VM;
 * - SVM migration: DRM_IOCTL_HMMGPU_MIGRATE on the page-rounded ranges;
 * - everything else runs on the host (hmmcl_command_run_on_host()).
 *
 * A job is submitted with a fresh syncobj for its fence and a status record
 * in process memory; the worker waits for the fence without a time limit
 * (the driver stops jobs that run past its job_timeout_ms itself) and then
 * reads the record. Only the process that probed may use the file: after
 * fork() the child's jobs are refused (-EACCES) and fail with
 * CL_OUT_OF_RESOURCES.
 */
#ifndef HMMCL_DEVICES_HMMGPU_H
#define HMMCL_DEVICES_HMMGPU_H

#include "core/device.h"

#define HMMGPU_NODE_MAX 32
#define HMMGPU_NAME_MAX 96

struct hmmgpu_device {
    struct _cl_device_id dev;
    int fd;                      /* the render node, open for the process's lifetime */
    char node[HMMGPU_NODE_MAX];  /* "renderD128" */
    char name[HMMGPU_NAME_MAX];  /* CL_DEVICE_NAME */
    cl_name_version *extensions; /* the ISA devices' and hmmgpu's own */
};

static inline struct hmmgpu_device *hmmgpu_device(cl_device_id dev)
{
    return (struct hmmgpu_device *)dev;
}

/*
 * A device for the hmmgpu render node @node (e.g. "renderD128"), open as
 * @fd, which it keeps; NULL if out of memory (hmmgpu_device.c; the probe's,
 * and unit tests' with a fake driver).
 */
cl_device_id hmmgpu_device_create(cl_platform_id platform, int fd, const char *node);

/* ops->run (hmmgpu_exec.c). */
cl_int hmmgpu_run(cl_device_id device, struct hmmcl_command *cmd);

/* ops->executable_fini (hmmgpu_exec.c): destroy the driver's copy of the image. */
void hmmgpu_executable_fini(cl_device_id device, struct hmmcl_executable *exe);

#endif

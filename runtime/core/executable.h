/* SPDX-License-Identifier: MIT */
/*
 * DOC: program executables
 *
 * What a successful build (or link, or a program created from a binary)
 * leaves for one device, in struct hmmcl_program_build.priv: the program
 * image in the device ISA, already parsed and verified, and the program's
 * data segment. The data segment holds program-scope variables: it is
 * process memory like every buffer, allocated and initialised from the image
 * once per build, so __global variables keep their values across kernel
 * launches as the spec requires, and every device reaches it by address.
 *
 * Each struct hmmcl_kernel_info of the executable keeps its kernel's index in
 * the image (hmm_program.kernels) in @priv, as a uintptr_t.
 *
 * Immutable once the build has finished, except @device_state; freed with
 * the program (or by the next build, which is refused while kernel objects
 * exist).
 *
 * @device_state is what the device backend keeps for the executable (the
 * hmmgpu device: the kernel driver's handle of the uploaded image). The
 * backend makes it on first launch, under @device_lock, and sets @device;
 * destroying the executable hands it to @device's ops->executable_fini.
 */
#ifndef HMMCL_CORE_EXECUTABLE_H
#define HMMCL_CORE_EXECUTABLE_H

#include <pthread.h>
#include <stddef.h>

#include "engine/engine.h"
#include "util/cl.h"

struct hmmcl_executable {
    void *image; /* owned */
    size_t image_size;
    struct hmm_program program; /* parsed view of @image, verified */
    void *data;                 /* owned; program.data_size bytes (NULL if 0) */

    pthread_mutex_t device_lock;
    cl_device_id device; /* protected by @device_lock */
    void *device_state;  /* protected by @device_lock */
};

struct hmmcl_kernel_info;

/*
 * An executable from a program image (copied): parsed, verified, its data
 * segment allocated and initialised. Returns NULL with a line in @log
 * (@log_size bytes) if the image is invalid or memory ran out.
 */
struct hmmcl_executable *hmmcl_executable_create(const void *image, size_t size, char *log,
                                                 size_t log_size);
void hmmcl_executable_destroy(struct hmmcl_executable *exe);

/*
 * The kernels of @exe as struct hmmcl_kernel_info (argument kinds, sizes,
 * attributes, resource use). With @arg_info (compiler/arginfo.h text),
 * also the names, type names and qualifiers clGetKernelArgInfo reports.
 * Returns 0 or -1 if out of memory.
 */
int hmmcl_executable_kernels(const struct hmmcl_executable *exe, const char *arg_info,
                             struct hmmcl_kernel_info **kernels, size_t *num_kernels);
void hmmcl_kernel_infos_free(struct hmmcl_kernel_info *kernels, size_t num_kernels);

static inline uint32_t hmmcl_kernel_index(const void *kernel_info_priv)
{
    return (uint32_t)(uintptr_t)kernel_info_priv;
}

#endif

/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "core/context.h"
#include "core/executable.h"
#include "core/kernel.h"
#include "core/program.h"

static void program_destroy(struct hmmcl_object *obj)
{
    cl_program program = (cl_program)obj;

    for (cl_uint i = 0; i < program->num_devices; i++) {
        free(program->builds[i].options);
        free(program->builds[i].log);
        free(program->builds[i].binary);
        hmmcl_executable_destroy(program->builds[i].priv);
    }
    hmmcl_kernel_infos_free(program->kernels, program->num_kernels);
    free(program->spec_consts);
    free(program->builds);
    free(program->devices);
    free(program->source);
    free(program->il);
    pthread_mutex_destroy(&program->lock);
    pthread_mutex_destroy(&program->build_lock);
    hmmcl_object_put(&program->context->obj);
    free(program);
}

cl_program hmmcl_program_create(cl_context context, const cl_device_id *devices,
                                cl_uint num_devices, enum hmmcl_program_origin origin)
{
    cl_program program = calloc(1, sizeof(*program));

    if (!program)
        return NULL;
    program->devices = malloc(num_devices * sizeof(*program->devices));
    program->builds = calloc(num_devices, sizeof(*program->builds));
    if (!program->devices || !program->builds)
        goto err_free;
    if (pthread_mutex_init(&program->lock, NULL))
        goto err_free;
    if (pthread_mutex_init(&program->build_lock, NULL)) {
        pthread_mutex_destroy(&program->lock);
        goto err_free;
    }
    for (cl_uint i = 0; i < num_devices; i++) {
        program->devices[i] = devices[i];
        program->builds[i].status = CL_BUILD_NONE;
        program->builds[i].binary_type = CL_PROGRAM_BINARY_TYPE_NONE;
    }
    program->num_devices = num_devices;
    program->origin = origin;
    atomic_init(&program->num_kernel_objects, 0);
    hmmcl_object_get(&context->obj);
    program->context = context;
    hmmcl_object_init(&program->obj, HMMCL_MAGIC_PROGRAM, program_destroy);
    return program;

err_free:
    free(program->builds);
    free(program->devices);
    free(program);
    return NULL;
}

int hmmcl_program_device_index(cl_program program, cl_device_id device)
{
    for (cl_uint i = 0; i < program->num_devices; i++) {
        if (program->devices[i] == device)
            return (int)i;
    }
    return -1;
}

bool hmmcl_program_has_executable(cl_program program, cl_device_id device)
{
    int i = hmmcl_program_device_index(program, device);
    bool ok;

    if (i < 0)
        return false;
    pthread_mutex_lock(&program->lock);
    ok = program->builds[i].status == CL_BUILD_SUCCESS &&
         program->builds[i].binary_type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE;
    pthread_mutex_unlock(&program->lock);
    return ok;
}

bool hmmcl_program_has_any_executable(cl_program program)
{
    for (cl_uint i = 0; i < program->num_devices; i++) {
        if (hmmcl_program_has_executable(program, program->devices[i]))
            return true;
    }
    return false;
}

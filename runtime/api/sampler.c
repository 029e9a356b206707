/* SPDX-License-Identifier: MIT */
/*
 * Samplers exist only for images, and no hmmcl device supports images
 * (CL_DEVICE_IMAGE_SUPPORT is CL_FALSE): creation answers
 * CL_INVALID_OPERATION once the context is checked, and since no sampler
 * can exist every other sampler call answers CL_INVALID_SAMPLER.
 */
#include "core/context.h"
#include "util/log.h"

CL_API_ENTRY cl_sampler CL_API_CALL clCreateSampler(cl_context context, cl_bool normalized_coords,
                                                    cl_addressing_mode addressing_mode,
                                                    cl_filter_mode filter_mode, cl_int *errcode_ret)
{
    cl_int err;

    /* CL_INVALID_CONTEXT if context is not a valid context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    /* CL_INVALID_OPERATION if images are not supported by any device associated with context. */
    HMMCL_FAIL(CL_INVALID_OPERATION, "no device supports images");

error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_sampler CL_API_CALL clCreateSamplerWithProperties(
    cl_context context, const cl_sampler_properties *sampler_properties, cl_int *errcode_ret)
{
    cl_int err;

    /* CL_INVALID_CONTEXT if context is not a valid context. */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "%p is not a context", (void *)context);
    /* CL_INVALID_OPERATION if images are not supported by any device associated with context. */
    HMMCL_FAIL(CL_INVALID_OPERATION, "no device supports images");

error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

/* CL_INVALID_SAMPLER if sampler is not a valid sampler object: none can exist. */
CL_API_ENTRY cl_int CL_API_CALL clRetainSampler(cl_sampler sampler)
{
    HMMCL_RETURN_ERROR(CL_INVALID_SAMPLER, "%p is not a sampler", (void *)sampler);
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseSampler(cl_sampler sampler)
{
    HMMCL_RETURN_ERROR(CL_INVALID_SAMPLER, "%p is not a sampler", (void *)sampler);
}

CL_API_ENTRY cl_int CL_API_CALL clGetSamplerInfo(cl_sampler sampler, cl_sampler_info param_name,
                                                 size_t param_value_size, void *param_value,
                                                 size_t *param_value_size_ret)
{
    HMMCL_RETURN_ERROR(CL_INVALID_SAMPLER, "%p is not a sampler", (void *)sampler);
}

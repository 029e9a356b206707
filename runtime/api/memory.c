/* SPDX-License-Identifier: MIT */
/*
 * Memory object entry points: buffers and sub-buffers, their queries and
 * lifetime, and the image and pipe entry points, which answer truthfully that
 * no hmmcl device supports images (CL_DEVICE_IMAGE_SUPPORT is CL_FALSE) or
 * pipes (CL_DEVICE_PIPE_SUPPORT is CL_FALSE): no image or pipe object can
 * ever exist, so every call that takes one reports an invalid memory object.
 */
#include "core/context.h"
#include "core/device.h"
#include "core/memory.h"
#include "core/queue.h"
#include "util/info.h"
#include "util/log.h"

#define MEM_ACCESS_FLAGS   (CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY | CL_MEM_READ_ONLY)
#define MEM_HOST_PTR_FLAGS (CL_MEM_USE_HOST_PTR | CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR)
#define MEM_HOST_ACCESS_FLAGS                                                                      \
    (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS)
#define MEM_FLAGS_KNOWN (MEM_ACCESS_FLAGS | MEM_HOST_PTR_FLAGS | MEM_HOST_ACCESS_FLAGS)

static bool more_than_one_bit(cl_mem_flags f)
{
    return (f & (f - 1)) != 0;
}

/*
 * The memory flags table: only known bits, at most one device access
 * qualifier, at most one host access qualifier, and CL_MEM_USE_HOST_PTR
 * excludes CL_MEM_ALLOC_HOST_PTR and CL_MEM_COPY_HOST_PTR. @extra are further
 * bits the caller accepts (CL_MEM_KERNEL_READ_AND_WRITE for image formats).
 */
static bool mem_flags_valid(cl_mem_flags flags, cl_mem_flags extra)
{
    if (flags & ~(cl_mem_flags)(MEM_FLAGS_KNOWN | extra))
        return false;
    if (more_than_one_bit(flags & MEM_ACCESS_FLAGS) ||
        more_than_one_bit(flags & MEM_HOST_ACCESS_FLAGS))
        return false;
    if ((flags & CL_MEM_USE_HOST_PTR) && (flags & (CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR)))
        return false;
    return true;
}

/* CL_INVALID_HOST_PTR rule shared by buffers and images. */
static bool host_ptr_consistent(cl_mem_flags flags, const void *host_ptr)
{
    bool wants = flags & (CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR);

    return wants == (host_ptr != NULL);
}

/*
 * Count a properties list (terminator included). No memory property is
 * supported in the core specification and hmmcl adds none, so any name is
 * an invalid property; returns 0 if @properties is NULL.
 */
static cl_int mem_properties_count(const cl_mem_properties *properties, size_t *count)
{
    *count = 0;
    if (!properties)
        return CL_SUCCESS;
    if (properties[0] != 0)
        return CL_INVALID_PROPERTY;
    *count = 1;
    return CL_SUCCESS;
}

static cl_ulong context_max_alloc(cl_context context)
{
    cl_ulong max = 0;

    for (cl_uint i = 0; i < context->num_devices; i++)
        if (context->devices[i]->max_mem_alloc_size > max)
            max = context->devices[i]->max_mem_alloc_size;
    return max;
}

/* A valid buffer (or sub-buffer): the only memory objects hmmcl creates. */
static bool is_buffer(cl_mem mem)
{
    return hmmcl_object_is(mem, HMMCL_MAGIC_MEM) && mem->type == CL_MEM_OBJECT_BUFFER;
}

CL_API_ENTRY cl_mem CL_API_CALL clCreateBufferWithProperties(cl_context context,
                                                             const cl_mem_properties *properties,
                                                             cl_mem_flags flags, size_t size,
                                                             void *host_ptr, cl_int *errcode_ret)
{
    struct hmmcl_svm_alloc svm;
    size_t num_properties;
    cl_mem mem = NULL;
    cl_int err;

    /* "CL_INVALID_CONTEXT if context is not a valid context." */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "not a context");
    /* "CL_INVALID_PROPERTY if a property name in properties is not a supported property name" */
    if (mem_properties_count(properties, &num_properties))
        HMMCL_FAIL(CL_INVALID_PROPERTY, "unsupported memory property 0x%llx",
                   (unsigned long long)properties[0]);
    /* "CL_INVALID_VALUE if values specified in flags are not valid as defined in the Memory
     * Flags table." */
    if (!mem_flags_valid(flags, 0))
        HMMCL_FAIL(CL_INVALID_VALUE, "invalid flags 0x%llx", (unsigned long long)flags);
    /* "CL_INVALID_BUFFER_SIZE if size is 0, or if size is greater than
     * CL_DEVICE_MAX_MEM_ALLOC_SIZE for all devices in context." */
    if (size == 0 || size > context_max_alloc(context))
        HMMCL_FAIL(CL_INVALID_BUFFER_SIZE, "size %zu", size);
    /* "CL_INVALID_HOST_PTR if host_ptr is NULL and CL_MEM_USE_HOST_PTR or CL_MEM_COPY_HOST_PTR
     * are set in flags or if host_ptr is not NULL but CL_MEM_COPY_HOST_PTR or
     * CL_MEM_USE_HOST_PTR are not set in flags." */
    if (!host_ptr_consistent(flags, host_ptr))
        HMMCL_FAIL(CL_INVALID_HOST_PTR, "host_ptr %p with flags 0x%llx", host_ptr,
                   (unsigned long long)flags);
    /* "CL_INVALID_BUFFER_SIZE if CL_MEM_USE_HOST_PTR is set in flags and host_ptr is a pointer
     * returned by clSVMAlloc and size is greater than the size passed to clSVMAlloc."
     * (Checked against the end of the allocation containing host_ptr.) */
    if ((flags & CL_MEM_USE_HOST_PTR) && hmmcl_svm_lookup(context, host_ptr, &svm) &&
        size > svm.size - (size_t)((char *)host_ptr - (char *)svm.ptr))
        HMMCL_FAIL(CL_INVALID_BUFFER_SIZE, "size %zu beyond the SVM allocation of %zu bytes", size,
                   svm.size);

    mem = hmmcl_buffer_create(context, flags, size, host_ptr, properties, num_properties, &err);
    if (!mem)
        HMMCL_FAIL(err, "buffer of %zu bytes", size);
    err = CL_SUCCESS;
error:
    hmmcl_set_errcode(errcode_ret, err);
    return mem;
}

CL_API_ENTRY cl_mem CL_API_CALL clCreateBuffer(cl_context context, cl_mem_flags flags, size_t size,
                                               void *host_ptr, cl_int *errcode_ret)
{
    return clCreateBufferWithProperties(context, NULL, flags, size, host_ptr, errcode_ret);
}

CL_API_ENTRY cl_mem CL_API_CALL clCreateSubBuffer(cl_mem buffer, cl_mem_flags flags,
                                                  cl_buffer_create_type buffer_create_type,
                                                  const void *buffer_create_info,
                                                  cl_int *errcode_ret)
{
    const cl_buffer_region *region = buffer_create_info;
    cl_mem_flags pflags, sub_flags = flags;
    cl_mem mem = NULL;
    cl_int err;

    /* "CL_INVALID_MEM_OBJECT if buffer is not a valid buffer object or is a sub-buffer
     * object." */
    if (!is_buffer(buffer) || buffer->parent)
        HMMCL_FAIL(CL_INVALID_MEM_OBJECT, "not a buffer, or a sub-buffer");
    pflags = buffer->flags;
    if (!mem_flags_valid(flags, 0))
        HMMCL_FAIL(CL_INVALID_VALUE, "invalid flags 0x%llx", (unsigned long long)flags);
    /* "CL_INVALID_VALUE if buffer was created with CL_MEM_WRITE_ONLY and flags specifies
     * CL_MEM_READ_WRITE or CL_MEM_READ_ONLY, or if buffer was created with CL_MEM_READ_ONLY and
     * flags specifies CL_MEM_READ_WRITE or CL_MEM_WRITE_ONLY, or if flags specifies
     * CL_MEM_USE_HOST_PTR or CL_MEM_ALLOC_HOST_PTR or CL_MEM_COPY_HOST_PTR." */
    if (((pflags & CL_MEM_WRITE_ONLY) && (flags & (CL_MEM_READ_WRITE | CL_MEM_READ_ONLY))) ||
        ((pflags & CL_MEM_READ_ONLY) && (flags & (CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY))) ||
        (flags & MEM_HOST_PTR_FLAGS))
        HMMCL_FAIL(CL_INVALID_VALUE, "flags 0x%llx conflict with the buffer's 0x%llx",
                   (unsigned long long)flags, (unsigned long long)pflags);
    /* "CL_INVALID_VALUE if buffer was created with CL_MEM_HOST_WRITE_ONLY and flags specify
     * CL_MEM_HOST_READ_ONLY, or if buffer was created with CL_MEM_HOST_READ_ONLY and flags
     * specify CL_MEM_HOST_WRITE_ONLY, or if buffer was created with CL_MEM_HOST_NO_ACCESS and
     * flags specify CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_WRITE_ONLY." */
    if (((pflags & CL_MEM_HOST_WRITE_ONLY) && (flags & CL_MEM_HOST_READ_ONLY)) ||
        ((pflags & CL_MEM_HOST_READ_ONLY) && (flags & CL_MEM_HOST_WRITE_ONLY)) ||
        ((pflags & CL_MEM_HOST_NO_ACCESS) &&
         (flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_WRITE_ONLY))))
        HMMCL_FAIL(CL_INVALID_VALUE, "host access 0x%llx conflicts with the buffer's 0x%llx",
                   (unsigned long long)flags, (unsigned long long)pflags);
    /* "CL_INVALID_VALUE if the value specified in buffer_create_type is not valid." */
    if (buffer_create_type != CL_BUFFER_CREATE_TYPE_REGION)
        HMMCL_FAIL(CL_INVALID_VALUE, "buffer_create_type 0x%x", buffer_create_type);
    /* "CL_INVALID_VALUE if value(s) specified in buffer_create_info (for a given
     * buffer_create_type) is not valid or if buffer_create_info is NULL." A region out of
     * bounds of buffer is not valid. */
    if (!region)
        HMMCL_FAIL(CL_INVALID_VALUE, "buffer_create_info is NULL");
    if (region->origin > buffer->size || region->size > buffer->size - region->origin)
        HMMCL_FAIL(CL_INVALID_VALUE, "region [%zu, +%zu) outside a buffer of %zu bytes",
                   region->origin, region->size, buffer->size);
    /* "CL_INVALID_BUFFER_SIZE if the size field of the cl_buffer_region structure passed in
     * buffer_create_info is 0." */
    if (region->size == 0)
        HMMCL_FAIL(CL_INVALID_BUFFER_SIZE, "region size is 0");
    /* "CL_MISALIGNED_SUB_BUFFER_OFFSET if there are no devices in context associated with buffer
     * for which the origin field of the cl_buffer_region structure passed in buffer_create_info
     * is aligned to the CL_DEVICE_MEM_BASE_ADDR_ALIGN value." Every device has the same one. */
    if (region->origin % HMMCL_MEM_BASE_ALIGN)
        HMMCL_FAIL(CL_MISALIGNED_SUB_BUFFER_OFFSET, "origin %zu", region->origin);

    /* What flags leave unspecified is inherited from buffer; the host pointer flags always
     * are. CL_MEM_FLAGS reports the result. */
    if (!(flags & MEM_ACCESS_FLAGS))
        sub_flags |= pflags & MEM_ACCESS_FLAGS;
    if (!(flags & MEM_HOST_ACCESS_FLAGS))
        sub_flags |= pflags & MEM_HOST_ACCESS_FLAGS;
    sub_flags |= pflags & MEM_HOST_PTR_FLAGS;

    mem = hmmcl_sub_buffer_create(buffer, sub_flags, region->origin, region->size, &err);
    if (!mem)
        HMMCL_FAIL(err, "sub-buffer allocation");
    err = CL_SUCCESS;
error:
    hmmcl_set_errcode(errcode_ret, err);
    return mem;
}

CL_API_ENTRY cl_int CL_API_CALL clRetainMemObject(cl_mem memobj)
{
    /* "CL_INVALID_MEM_OBJECT if memobj is not a valid memory object." */
    if (!hmmcl_object_is(memobj, HMMCL_MAGIC_MEM))
        HMMCL_RETURN_ERROR(CL_INVALID_MEM_OBJECT, "not a memory object");
    hmmcl_object_retain(&memobj->obj);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clReleaseMemObject(cl_mem memobj)
{
    /* "CL_INVALID_MEM_OBJECT if memobj is not a valid memory object." */
    if (!hmmcl_object_is(memobj, HMMCL_MAGIC_MEM) || !hmmcl_object_release(&memobj->obj))
        HMMCL_RETURN_ERROR(CL_INVALID_MEM_OBJECT, "not a memory object");
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clGetMemObjectInfo(cl_mem memobj, cl_mem_info param_name,
                                                   size_t param_value_size, void *param_value,
                                                   size_t *param_value_size_ret)
{
    struct hmmcl_info info = {param_value_size, param_value, param_value_size_ret};
    cl_int err;

    /* "CL_INVALID_MEM_OBJECT if memobj is a not a valid memory object." */
    if (!hmmcl_object_is(memobj, HMMCL_MAGIC_MEM))
        HMMCL_RETURN_ERROR(CL_INVALID_MEM_OBJECT, "not a memory object");

    switch (param_name) {
    case CL_MEM_TYPE:
        err = hmmcl_info_uint(&info, memobj->type);
        break;
    case CL_MEM_FLAGS:
        err = hmmcl_info_bitfield(&info, memobj->flags);
        break;
    case CL_MEM_SIZE:
        err = hmmcl_info_size(&info, memobj->size);
        break;
    case CL_MEM_HOST_PTR:
        /* The host_ptr of CL_MEM_USE_HOST_PTR; host_ptr + origin for its sub-buffers. */
        err = hmmcl_info_ptr(&info, memobj->host_ptr);
        break;
    case CL_MEM_MAP_COUNT:
        err = hmmcl_info_uint(&info, atomic_load(&memobj->map_count));
        break;
    case CL_MEM_REFERENCE_COUNT:
        err = hmmcl_info_uint(&info, hmmcl_object_api_refs(&memobj->obj));
        break;
    case CL_MEM_CONTEXT:
        err = hmmcl_info_ptr(&info, memobj->context);
        break;
    case CL_MEM_ASSOCIATED_MEMOBJECT:
        err = hmmcl_info_ptr(&info, memobj->parent);
        break;
    case CL_MEM_OFFSET:
        err = hmmcl_info_size(&info, memobj->offset);
        break;
    case CL_MEM_USES_SVM_POINTER:
        err = hmmcl_info_bool(&info, memobj->uses_svm_pointer ? CL_TRUE : CL_FALSE);
        break;
    case CL_MEM_PROPERTIES:
        /* As given to clCreateBufferWithProperties; nothing if none were. */
        err = hmmcl_info_bytes(&info, memobj->properties,
                               memobj->num_properties * sizeof(memobj->properties[0]));
        break;
    default:
        /* "CL_INVALID_VALUE if param_name is not valid" */
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "unknown param_name 0x%x", param_name);
    }
    /* "... or if size in bytes specified by param_value_size is < size of return type" */
    if (err)
        HMMCL_RETURN_ERROR(err, "param_value_size %zu too small for 0x%x", param_value_size,
                           param_name);
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clSetMemObjectDestructorCallback(
    cl_mem memobj, void(CL_CALLBACK *pfn_notify)(cl_mem memobj, void *user_data), void *user_data)
{
    cl_int err;

    /* "CL_INVALID_MEM_OBJECT if memobj is not a valid memory object." */
    if (!hmmcl_object_is(memobj, HMMCL_MAGIC_MEM))
        HMMCL_RETURN_ERROR(CL_INVALID_MEM_OBJECT, "not a memory object");
    /* "CL_INVALID_VALUE if pfn_notify is NULL." */
    if (!pfn_notify)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "pfn_notify is NULL");
    err = hmmcl_mem_add_destructor(memobj, pfn_notify, user_data);
    if (err)
        HMMCL_RETURN_ERROR(err, "destructor callback allocation");
    return CL_SUCCESS;
}

/* Images: no device supports them. */

/*
 * The checks every image constructor makes before it can say that no device
 * supports images: context, properties, flags, the format and descriptor
 * pointers, and the host pointer rule, in the order of the error list.
 */
static cl_mem create_image(cl_context context, const cl_mem_properties *properties,
                           cl_mem_flags flags, const cl_image_format *image_format, bool has_desc,
                           const cl_image_desc *image_desc, void *host_ptr, cl_int *errcode_ret)
{
    size_t num_properties;
    cl_int err;

    /* "CL_INVALID_CONTEXT if context is not a valid context." */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "not a context");
    /* "CL_INVALID_PROPERTY if a property name in properties is not a supported property name" */
    if (mem_properties_count(properties, &num_properties))
        HMMCL_FAIL(CL_INVALID_PROPERTY, "unsupported memory property 0x%llx",
                   (unsigned long long)properties[0]);
    /* "CL_INVALID_VALUE if values specified in flags are not valid." */
    if (!mem_flags_valid(flags, 0))
        HMMCL_FAIL(CL_INVALID_VALUE, "invalid flags 0x%llx", (unsigned long long)flags);
    /* "CL_INVALID_IMAGE_FORMAT_DESCRIPTOR if values specified in image_format are not valid or
     * if image_format is NULL." */
    if (!image_format)
        HMMCL_FAIL(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR, "image_format is NULL");
    /* "CL_INVALID_IMAGE_DESCRIPTOR if values specified in image_desc are not valid or if
     * image_desc is NULL." */
    if (has_desc && !image_desc)
        HMMCL_FAIL(CL_INVALID_IMAGE_DESCRIPTOR, "image_desc is NULL");
    /* "CL_INVALID_HOST_PTR if host_ptr is NULL and CL_MEM_USE_HOST_PTR or CL_MEM_COPY_HOST_PTR
     * are set in flags or if host_ptr is not NULL but CL_MEM_COPY_HOST_PTR or
     * CL_MEM_USE_HOST_PTR are not set in flags." */
    if (!host_ptr_consistent(flags, host_ptr))
        HMMCL_FAIL(CL_INVALID_HOST_PTR, "host_ptr %p with flags 0x%llx", host_ptr,
                   (unsigned long long)flags);
    /* "CL_INVALID_OPERATION if there are no devices in context that support images (i.e.
     * CL_DEVICE_IMAGE_SUPPORT specified in the Device Queries table is CL_FALSE)." */
    HMMCL_FAIL(CL_INVALID_OPERATION, "no device in the context supports images");
error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_mem CL_API_CALL clCreateImageWithProperties(cl_context context,
                                                            const cl_mem_properties *properties,
                                                            cl_mem_flags flags,
                                                            const cl_image_format *image_format,
                                                            const cl_image_desc *image_desc,
                                                            void *host_ptr, cl_int *errcode_ret)
{
    return create_image(context, properties, flags, image_format, true, image_desc, host_ptr,
                        errcode_ret);
}

CL_API_ENTRY cl_mem CL_API_CALL clCreateImage(cl_context context, cl_mem_flags flags,
                                              const cl_image_format *image_format,
                                              const cl_image_desc *image_desc, void *host_ptr,
                                              cl_int *errcode_ret)
{
    return create_image(context, NULL, flags, image_format, true, image_desc, host_ptr,
                        errcode_ret);
}

CL_API_ENTRY cl_mem CL_API_CALL clCreateImage2D(cl_context context, cl_mem_flags flags,
                                                const cl_image_format *image_format,
                                                size_t image_width, size_t image_height,
                                                size_t image_row_pitch, void *host_ptr,
                                                cl_int *errcode_ret)
{
    return create_image(context, NULL, flags, image_format, false, NULL, host_ptr, errcode_ret);
}

CL_API_ENTRY cl_mem CL_API_CALL clCreateImage3D(cl_context context, cl_mem_flags flags,
                                                const cl_image_format *image_format,
                                                size_t image_width, size_t image_height,
                                                size_t image_depth, size_t image_row_pitch,
                                                size_t image_slice_pitch, void *host_ptr,
                                                cl_int *errcode_ret)
{
    return create_image(context, NULL, flags, image_format, false, NULL, host_ptr, errcode_ret);
}

CL_API_ENTRY cl_int CL_API_CALL clGetSupportedImageFormats(cl_context context, cl_mem_flags flags,
                                                           cl_mem_object_type image_type,
                                                           cl_uint num_entries,
                                                           cl_image_format *image_formats,
                                                           cl_uint *num_image_formats)
{
    /* "CL_INVALID_CONTEXT if context is not a valid context." */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_RETURN_ERROR(CL_INVALID_CONTEXT, "not a context");
    /* "CL_INVALID_VALUE if flags or image_type are not valid, or if num_entries is 0 and
     * image_formats is not NULL." */
    if (!mem_flags_valid(flags, CL_MEM_KERNEL_READ_AND_WRITE))
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "invalid flags 0x%llx", (unsigned long long)flags);
    switch (image_type) {
    case CL_MEM_OBJECT_IMAGE1D:
    case CL_MEM_OBJECT_IMAGE1D_BUFFER:
    case CL_MEM_OBJECT_IMAGE1D_ARRAY:
    case CL_MEM_OBJECT_IMAGE2D:
    case CL_MEM_OBJECT_IMAGE2D_ARRAY:
    case CL_MEM_OBJECT_IMAGE3D:
        break;
    default:
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "image_type 0x%x", image_type);
    }
    if (num_entries == 0 && image_formats)
        HMMCL_RETURN_ERROR(CL_INVALID_VALUE, "num_entries is 0 but image_formats is not NULL");
    /* No device supports images: the set of formats is empty. */
    if (num_image_formats)
        *num_image_formats = 0;
    return CL_SUCCESS;
}

CL_API_ENTRY cl_int CL_API_CALL clGetImageInfo(cl_mem image, cl_image_info param_name,
                                               size_t param_value_size, void *param_value,
                                               size_t *param_value_size_ret)
{
    /* "CL_INVALID_MEM_OBJECT if image is a not a valid image object." None can exist. */
    HMMCL_RETURN_ERROR(CL_INVALID_MEM_OBJECT, "no image objects exist");
}

/* The image enqueues: a valid queue, then an image that cannot exist. */
static cl_int image_enqueue(cl_command_queue queue)
{
    /* "CL_INVALID_COMMAND_QUEUE if command_queue is not a valid host command-queue." */
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        return CL_INVALID_COMMAND_QUEUE;
    /* "CL_INVALID_MEM_OBJECT if image is not a valid image object." */
    return CL_INVALID_MEM_OBJECT;
}

#define IMAGE_ENQUEUE_RETURN(queue)                                                                \
    do {                                                                                           \
        cl_int code = image_enqueue(queue);                                                        \
        HMMCL_RETURN_ERROR(code, "%s",                                                             \
                           code == CL_INVALID_COMMAND_QUEUE ? "not a queue"                        \
                                                            : "no image objects exist");           \
    } while (0)

CL_API_ENTRY cl_int CL_API_CALL clEnqueueReadImage(cl_command_queue command_queue, cl_mem image,
                                                   cl_bool blocking_read, const size_t *origin,
                                                   const size_t *region, size_t row_pitch,
                                                   size_t slice_pitch, void *ptr,
                                                   cl_uint num_events_in_wait_list,
                                                   const cl_event *event_wait_list, cl_event *event)
{
    IMAGE_ENQUEUE_RETURN(command_queue);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueWriteImage(
    cl_command_queue command_queue, cl_mem image, cl_bool blocking_write, const size_t *origin,
    const size_t *region, size_t input_row_pitch, size_t input_slice_pitch, const void *ptr,
    cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event)
{
    IMAGE_ENQUEUE_RETURN(command_queue);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueFillImage(cl_command_queue command_queue, cl_mem image,
                                                   const void *fill_color, const size_t *origin,
                                                   const size_t *region,
                                                   cl_uint num_events_in_wait_list,
                                                   const cl_event *event_wait_list, cl_event *event)
{
    IMAGE_ENQUEUE_RETURN(command_queue);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueCopyImage(cl_command_queue command_queue, cl_mem src_image,
                                                   cl_mem dst_image, const size_t *src_origin,
                                                   const size_t *dst_origin, const size_t *region,
                                                   cl_uint num_events_in_wait_list,
                                                   const cl_event *event_wait_list, cl_event *event)
{
    IMAGE_ENQUEUE_RETURN(command_queue);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueCopyImageToBuffer(
    cl_command_queue command_queue, cl_mem src_image, cl_mem dst_buffer, const size_t *src_origin,
    const size_t *region, size_t dst_offset, cl_uint num_events_in_wait_list,
    const cl_event *event_wait_list, cl_event *event)
{
    IMAGE_ENQUEUE_RETURN(command_queue);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueCopyBufferToImage(
    cl_command_queue command_queue, cl_mem src_buffer, cl_mem dst_image, size_t src_offset,
    const size_t *dst_origin, const size_t *region, cl_uint num_events_in_wait_list,
    const cl_event *event_wait_list, cl_event *event)
{
    IMAGE_ENQUEUE_RETURN(command_queue);
}

CL_API_ENTRY void *CL_API_CALL clEnqueueMapImage(cl_command_queue command_queue, cl_mem image,
                                                 cl_bool blocking_map, cl_map_flags map_flags,
                                                 const size_t *origin, const size_t *region,
                                                 size_t *image_row_pitch, size_t *image_slice_pitch,
                                                 cl_uint num_events_in_wait_list,
                                                 const cl_event *event_wait_list, cl_event *event,
                                                 cl_int *errcode_ret)
{
    cl_int err = image_enqueue(command_queue);

    if (hmmcl_log_enabled())
        hmmcl_log("%s: %s: %s", __func__, hmmcl_error_name(err),
                  err == CL_INVALID_COMMAND_QUEUE ? "not a queue" : "no image objects exist");
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

/* Pipes: no device supports them. */

CL_API_ENTRY cl_mem CL_API_CALL clCreatePipe(cl_context context, cl_mem_flags flags,
                                             cl_uint pipe_packet_size, cl_uint pipe_max_packets,
                                             const cl_pipe_properties *properties,
                                             cl_int *errcode_ret)
{
    cl_int err;

    /* "CL_INVALID_CONTEXT if context is not a valid context." */
    if (!hmmcl_object_is(context, HMMCL_MAGIC_CONTEXT))
        HMMCL_FAIL(CL_INVALID_CONTEXT, "not a context");
    /* "CL_INVALID_OPERATION if no devices in context support pipes." */
    HMMCL_FAIL(CL_INVALID_OPERATION, "no device in the context supports pipes");
error:
    hmmcl_set_errcode(errcode_ret, err);
    return NULL;
}

CL_API_ENTRY cl_int CL_API_CALL clGetPipeInfo(cl_mem pipe, cl_pipe_info param_name,
                                              size_t param_value_size, void *param_value,
                                              size_t *param_value_size_ret)
{
    /* "CL_INVALID_MEM_OBJECT if pipe is a not a valid pipe object." None can exist. */
    HMMCL_RETURN_ERROR(CL_INVALID_MEM_OBJECT, "no pipe objects exist");
}

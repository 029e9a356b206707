/* SPDX-License-Identifier: MIT */
/*
 * Buffer commands. A buffer's bytes are process memory (mem->storage), so
 * every command reduces to a copy, a pitched copy or a fill between plain
 * pointers, and map, unmap and migration order nothing but the queue: a map
 * returns storage + offset itself, no copy is ever made.
 *
 * Each entry point validates in the order of the specification's error
 * list; the wait list is validated last, by hmmcl_queue_enqueue().
 */
#include <string.h>

#include "core/context.h"
#include "core/memory.h"
#include "core/queue.h"
#include "util/log.h"

static bool is_buffer(cl_mem mem)
{
    return hmmcl_object_is(mem, HMMCL_MAGIC_MEM) && mem->type == CL_MEM_OBJECT_BUFFER;
}

/* The buffer whose storage @mem's is part of, and @mem's offset in it. */
static cl_mem root_of(cl_mem mem, size_t *offset)
{
    *offset = mem->parent ? mem->offset : 0;
    return mem->parent ? mem->parent : mem;
}

/* (offset, size) inside a buffer of @total bytes. */
static bool in_bounds(size_t offset, size_t size, size_t total)
{
    return offset <= total && size <= total - offset;
}

/*
 * "CL_MISALIGNED_SUB_BUFFER_OFFSET if buffer is a sub-buffer object and offset specified when
 * the sub-buffer object is created is not aligned to CL_DEVICE_MEM_BASE_ADDR_ALIGN value for
 * the device associated with queue." Every device has the same alignment, so this holds by
 * construction (clCreateSubBuffer); kept as the check the spec lists.
 */
static bool sub_buffer_aligned(cl_mem mem)
{
    return !mem->parent || mem->offset % HMMCL_MEM_BASE_ALIGN == 0;
}

/*
 * The first three errors of every buffer command, in the order the queue and
 * buffer can be checked: "CL_INVALID_COMMAND_QUEUE if command_queue is not a
 * valid host command-queue", "CL_INVALID_MEM_OBJECT if buffer is not a valid
 * buffer object" and "CL_INVALID_CONTEXT if the context associated with
 * command_queue and buffer are not the same".
 */
static cl_int check_queue_buffer(cl_command_queue queue, cl_mem buffer)
{
    if (!hmmcl_object_is(queue, HMMCL_MAGIC_QUEUE))
        return CL_INVALID_COMMAND_QUEUE;
    if (!is_buffer(buffer))
        return CL_INVALID_MEM_OBJECT;
    if (buffer->context != queue->context)
        return CL_INVALID_CONTEXT;
    return CL_SUCCESS;
}

static const char *check_reason(cl_int err)
{
    switch (err) {
    case CL_INVALID_COMMAND_QUEUE:
        return "not a command-queue";
    case CL_INVALID_MEM_OBJECT:
        return "not a buffer";
    case CL_INVALID_CONTEXT:
        return "buffer and queue are in different contexts";
    default:
        return "";
    }
}

/* Host access qualifiers (CL_MEM_HOST_*): what the host may do through the API. */
static bool host_may_read(cl_mem mem)
{
    return !(mem->flags & (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS));
}

static bool host_may_write(cl_mem mem)
{
    return !(mem->flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS));
}

static cl_int read_write_buffer(cl_command_queue queue, cl_mem buffer, bool write, bool blocking,
                                size_t offset, size_t size, void *ptr, cl_uint num_events,
                                const cl_event *wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_COPY};
    cl_int err;

    err = check_queue_buffer(queue, buffer);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if the region being read or written specified by (offset, size) is out
     * of bounds or if ptr is a NULL value." */
    if (!in_bounds(offset, size, buffer->size))
        HMMCL_FAIL(CL_INVALID_VALUE, "(%zu, %zu) outside a buffer of %zu bytes", offset, size,
                   buffer->size);
    if (!ptr)
        HMMCL_FAIL(CL_INVALID_VALUE, "ptr is NULL");
    if (!sub_buffer_aligned(buffer))
        HMMCL_FAIL(CL_MISALIGNED_SUB_BUFFER_OFFSET, "sub-buffer offset %zu", buffer->offset);
    /* "CL_INVALID_OPERATION if clEnqueueReadBuffer is called on buffer which has been created
     * with CL_MEM_HOST_WRITE_ONLY or CL_MEM_HOST_NO_ACCESS." and "CL_INVALID_OPERATION if
     * clEnqueueWriteBuffer is called on buffer which has been created with
     * CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_NO_ACCESS." */
    if (write ? !host_may_write(buffer) : !host_may_read(buffer))
        HMMCL_FAIL(CL_INVALID_OPERATION, "host access flags 0x%llx forbid this",
                   (unsigned long long)buffer->flags);

    if (write) {
        cmd.copy.dst = buffer->storage + offset;
        cmd.copy.src = ptr;
    } else {
        cmd.copy.dst = ptr;
        cmd.copy.src = buffer->storage + offset;
    }
    cmd.copy.size = size;
    /* ptr == host_ptr + offset of a CL_MEM_USE_HOST_PTR buffer (the case the spec defines):
     * the bytes are already where they are asked to go. */
    if (cmd.copy.dst == cmd.copy.src)
        cmd.op = HMMCL_OP_NOP;
    hmmcl_command_hold(&cmd, &buffer->obj);
    err =
        hmmcl_queue_enqueue_command(queue, write ? CL_COMMAND_WRITE_BUFFER : CL_COMMAND_READ_BUFFER,
                                    blocking, num_events, wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueReadBuffer(cl_command_queue command_queue, cl_mem buffer,
                                                    cl_bool blocking_read, size_t offset,
                                                    size_t size, void *ptr,
                                                    cl_uint num_events_in_wait_list,
                                                    const cl_event *event_wait_list,
                                                    cl_event *event)
{
    return read_write_buffer(command_queue, buffer, false, blocking_read, offset, size, ptr,
                             num_events_in_wait_list, event_wait_list, event);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueWriteBuffer(cl_command_queue command_queue, cl_mem buffer,
                                                     cl_bool blocking_write, size_t offset,
                                                     size_t size, const void *ptr,
                                                     cl_uint num_events_in_wait_list,
                                                     const cl_event *event_wait_list,
                                                     cl_event *event)
{
    return read_write_buffer(command_queue, buffer, true, blocking_write, offset, size, (void *)ptr,
                             num_events_in_wait_list, event_wait_list, event);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueCopyBuffer(cl_command_queue command_queue,
                                                    cl_mem src_buffer, cl_mem dst_buffer,
                                                    size_t src_offset, size_t dst_offset,
                                                    size_t size, cl_uint num_events_in_wait_list,
                                                    const cl_event *event_wait_list,
                                                    cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_COPY};
    size_t src_base, dst_base;
    cl_int err;

    err = check_queue_buffer(command_queue, src_buffer);
    if (!err)
        err = check_queue_buffer(command_queue, dst_buffer);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if src_offset, dst_offset, size, src_offset + size or dst_offset + size
     * require accessing elements outside the src_buffer and dst_buffer buffer objects
     * respectively." */
    if (!in_bounds(src_offset, size, src_buffer->size) ||
        !in_bounds(dst_offset, size, dst_buffer->size))
        HMMCL_FAIL(CL_INVALID_VALUE, "copy of %zu bytes from %zu to %zu out of bounds", size,
                   src_offset, dst_offset);
    if (!sub_buffer_aligned(src_buffer) || !sub_buffer_aligned(dst_buffer))
        HMMCL_FAIL(CL_MISALIGNED_SUB_BUFFER_OFFSET, "misaligned sub-buffer");
    /* "CL_MEM_COPY_OVERLAP if src_buffer and dst_buffer are the same buffer or sub-buffer
     * object and the source and destination regions overlap or if src_buffer and dst_buffer
     * are different sub-buffers of the same associated buffer object and they overlap."
     * (A buffer and its own sub-buffer share storage just the same.) */
    if (root_of(src_buffer, &src_base) == root_of(dst_buffer, &dst_base) && size) {
        size_t s = src_base + src_offset, d = dst_base + dst_offset;

        if (s < d + size && d < s + size)
            HMMCL_FAIL(CL_MEM_COPY_OVERLAP, "regions overlap");
    }

    cmd.copy.dst = dst_buffer->storage + dst_offset;
    cmd.copy.src = src_buffer->storage + src_offset;
    cmd.copy.size = size;
    hmmcl_command_hold(&cmd, &src_buffer->obj);
    hmmcl_command_hold(&cmd, &dst_buffer->obj);
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_COPY_BUFFER, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

static bool valid_pattern_size(size_t n)
{
    return n && n <= HMMCL_FILL_PATTERN_MAX && !(n & (n - 1));
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueFillBuffer(cl_command_queue command_queue, cl_mem buffer,
                                                    const void *pattern, size_t pattern_size,
                                                    size_t offset, size_t size,
                                                    cl_uint num_events_in_wait_list,
                                                    const cl_event *event_wait_list,
                                                    cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_FILL};
    cl_int err;

    err = check_queue_buffer(command_queue, buffer);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if offset or offset + size require accessing elements outside the
     * buffer buffer object respectively." */
    if (!in_bounds(offset, size, buffer->size))
        HMMCL_FAIL(CL_INVALID_VALUE, "(%zu, %zu) outside a buffer of %zu bytes", offset, size,
                   buffer->size);
    /* "CL_INVALID_VALUE if pattern is NULL or if pattern_size is 0 or if pattern_size is not
     * one of { 1, 2, 4, 8, 16, 32, 64, 128 }." */
    if (!pattern || !valid_pattern_size(pattern_size))
        HMMCL_FAIL(CL_INVALID_VALUE, "pattern %p of %zu bytes", pattern, pattern_size);
    /* "CL_INVALID_VALUE if offset and size are not a multiple of pattern_size." */
    if (offset % pattern_size || size % pattern_size)
        HMMCL_FAIL(CL_INVALID_VALUE, "offset %zu or size %zu not a multiple of %zu", offset, size,
                   pattern_size);
    if (!sub_buffer_aligned(buffer))
        HMMCL_FAIL(CL_MISALIGNED_SUB_BUFFER_OFFSET, "sub-buffer offset %zu", buffer->offset);

    /* The pattern is copied now: the application may reuse it when this returns. */
    cmd.fill.dst = buffer->storage + offset;
    cmd.fill.size = size;
    cmd.fill.pattern_size = pattern_size;
    memcpy(cmd.fill.pattern, pattern, pattern_size);
    hmmcl_command_hold(&cmd, &buffer->obj);
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_FILL_BUFFER, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

/* Rectangular transfers. */

/*
 * Apply the pitch defaults (0 means tightly packed) and the rules
 * "row_pitch is not 0 and is less than region[0]" and "slice_pitch is not 0
 * and is less than region[1] * row_pitch or ... is not a multiple of
 * row_pitch" (both CL_INVALID_VALUE).
 */
static bool rect_pitches(const size_t region[3], size_t *row_pitch, size_t *slice_pitch)
{
    size_t min_slice;

    if (*row_pitch == 0)
        *row_pitch = region[0];
    else if (*row_pitch < region[0])
        return false;
    if (__builtin_mul_overflow(region[1], *row_pitch, &min_slice))
        return false;
    if (*slice_pitch == 0)
        *slice_pitch = min_slice;
    else if (*slice_pitch < min_slice || *slice_pitch % *row_pitch)
        return false;
    return true;
}

/*
 * The byte offset of @origin and the extent of @region (first to last byte
 * plus one) in a pitched layout; false on overflow.
 */
static bool rect_span(const size_t origin[3], const size_t region[3], size_t row_pitch,
                      size_t slice_pitch, size_t *start, size_t *extent)
{
    size_t a, b, c, d;

    if (__builtin_mul_overflow(origin[2], slice_pitch, &a) ||
        __builtin_mul_overflow(origin[1], row_pitch, &b) || __builtin_add_overflow(a, b, &c) ||
        __builtin_add_overflow(c, origin[0], start))
        return false;
    if (__builtin_mul_overflow(region[2] - 1, slice_pitch, &a) ||
        __builtin_mul_overflow(region[1] - 1, row_pitch, &b) || __builtin_add_overflow(a, b, &c) ||
        __builtin_add_overflow(c, region[0], &d))
        return false;
    *extent = d;
    return true;
}

static bool rect_in_bounds(const size_t origin[3], const size_t region[3], size_t row_pitch,
                           size_t slice_pitch, size_t total, size_t *start)
{
    size_t extent;

    return rect_span(origin, region, row_pitch, slice_pitch, start, &extent) &&
           in_bounds(*start, extent, total);
}

static bool region_valid(const size_t *region)
{
    return region && region[0] && region[1] && region[2];
}

/*
 * Whether a byte lies in two boxes of shape @region and pitches @rp, @sp whose
 * first bytes are @d apart (d >= 0): is there dz, dy, dx with |dz| < region[2],
 * |dy| < region[1], |dx| < region[0] and dz * sp + dy * rp + dx == d? Because
 * rp >= region[0] and sp >= region[1] * rp, only two values of dz (and then
 * of dy) can reach d, so the test is exact and constant time.
 */
static bool boxes_overlap(size_t d, const size_t region[3], size_t rp, size_t sp)
{
    long long r0 = (long long)region[0], r1 = (long long)region[1], r2 = (long long)region[2];
    long long dd = (long long)d, lsp = r2 > 1 ? (long long)sp : 0, lrp = r1 > 1 ? (long long)rp : 0;

    for (int i = 0; i < 2; i++) {
        long long dz = lsp ? dd / lsp + i : 0, e, dy0;

        if (!lsp && i)
            break;
        if (dz >= r2)
            continue;
        e = dd - dz * lsp;
        dy0 = lrp ? (e >= 0 ? e / lrp : -((-e + lrp - 1) / lrp)) : 0;
        for (int j = 0; j < 2; j++) {
            long long dy = dy0 + j, dx;

            if (!lrp && j)
                break;
            dx = e - dy * lrp;
            if (dy > -r1 && dy < r1 && dx > -r0 && dx < r0)
                return true;
        }
    }
    return false;
}

static cl_int read_write_rect(cl_command_queue queue, cl_mem buffer, bool write, bool blocking,
                              const size_t *buffer_origin, const size_t *host_origin,
                              const size_t *region, size_t buffer_row_pitch,
                              size_t buffer_slice_pitch, size_t host_row_pitch,
                              size_t host_slice_pitch, void *ptr, cl_uint num_events,
                              const cl_event *wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_COPY_RECT};
    size_t buffer_start, host_start, host_extent;
    char *buffer_at, *host_at;
    cl_int err;

    err = check_queue_buffer(queue, buffer);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if any region array element is 0." */
    if (!region_valid(region) || !buffer_origin || !host_origin)
        HMMCL_FAIL(CL_INVALID_VALUE, "region, buffer_origin or host_origin missing or 0");
    /* "CL_INVALID_VALUE if buffer_row_pitch is not 0 and is less than region[0]." and
     * "CL_INVALID_VALUE if buffer_slice_pitch is not 0 and is less than region[1] *
     * buffer_row_pitch and not a multiple of buffer_row_pitch." (read as "or", as the later
     * wording of clEnqueueCopyBufferRect says) */
    if (!rect_pitches(region, &buffer_row_pitch, &buffer_slice_pitch))
        HMMCL_FAIL(CL_INVALID_VALUE, "buffer pitches %zu, %zu", buffer_row_pitch,
                   buffer_slice_pitch);
    /* Same two rules for host_row_pitch and host_slice_pitch. */
    if (!rect_pitches(region, &host_row_pitch, &host_slice_pitch))
        HMMCL_FAIL(CL_INVALID_VALUE, "host pitches %zu, %zu", host_row_pitch, host_slice_pitch);
    /* "CL_INVALID_VALUE if the region being read or written specified by (buffer_origin,
     * region, buffer_row_pitch, buffer_slice_pitch) is out of bounds." */
    if (!rect_in_bounds(buffer_origin, region, buffer_row_pitch, buffer_slice_pitch, buffer->size,
                        &buffer_start))
        HMMCL_FAIL(CL_INVALID_VALUE, "region out of the buffer's bounds");
    /* "CL_INVALID_VALUE if ptr is NULL." */
    if (!ptr)
        HMMCL_FAIL(CL_INVALID_VALUE, "ptr is NULL");
    if (!rect_span(host_origin, region, host_row_pitch, host_slice_pitch, &host_start,
                   &host_extent))
        HMMCL_FAIL(CL_INVALID_VALUE, "host region overflows");
    if (!sub_buffer_aligned(buffer))
        HMMCL_FAIL(CL_MISALIGNED_SUB_BUFFER_OFFSET, "sub-buffer offset %zu", buffer->offset);
    /* "CL_INVALID_OPERATION if clEnqueueReadBufferRect is called on buffer which has been
     * created with CL_MEM_HOST_WRITE_ONLY or CL_MEM_HOST_NO_ACCESS." (and the write
     * counterpart with CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_NO_ACCESS) */
    if (write ? !host_may_write(buffer) : !host_may_read(buffer))
        HMMCL_FAIL(CL_INVALID_OPERATION, "host access flags 0x%llx forbid this",
                   (unsigned long long)buffer->flags);

    buffer_at = buffer->storage + buffer_start;
    host_at = (char *)ptr + host_start;
    memcpy(cmd.copy_rect.region, region, sizeof(cmd.copy_rect.region));
    if (write) {
        cmd.copy_rect.dst = buffer_at;
        cmd.copy_rect.dst_row_pitch = buffer_row_pitch;
        cmd.copy_rect.dst_slice_pitch = buffer_slice_pitch;
        cmd.copy_rect.src = host_at;
        cmd.copy_rect.src_row_pitch = host_row_pitch;
        cmd.copy_rect.src_slice_pitch = host_slice_pitch;
    } else {
        cmd.copy_rect.dst = host_at;
        cmd.copy_rect.dst_row_pitch = host_row_pitch;
        cmd.copy_rect.dst_slice_pitch = host_slice_pitch;
        cmd.copy_rect.src = buffer_at;
        cmd.copy_rect.src_row_pitch = buffer_row_pitch;
        cmd.copy_rect.src_slice_pitch = buffer_slice_pitch;
    }
    /* Same bytes, same layout (host memory of a CL_MEM_USE_HOST_PTR buffer): nothing to do. */
    if (buffer_at == host_at && buffer_row_pitch == host_row_pitch &&
        buffer_slice_pitch == host_slice_pitch)
        cmd.op = HMMCL_OP_NOP;
    hmmcl_command_hold(&cmd, &buffer->obj);
    err = hmmcl_queue_enqueue_command(
        queue, write ? CL_COMMAND_WRITE_BUFFER_RECT : CL_COMMAND_READ_BUFFER_RECT, blocking,
        num_events, wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueReadBufferRect(
    cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_read,
    const size_t *buffer_origin, const size_t *host_origin, const size_t *region,
    size_t buffer_row_pitch, size_t buffer_slice_pitch, size_t host_row_pitch,
    size_t host_slice_pitch, void *ptr, cl_uint num_events_in_wait_list,
    const cl_event *event_wait_list, cl_event *event)
{
    return read_write_rect(command_queue, buffer, false, blocking_read, buffer_origin, host_origin,
                           region, buffer_row_pitch, buffer_slice_pitch, host_row_pitch,
                           host_slice_pitch, ptr, num_events_in_wait_list, event_wait_list, event);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueWriteBufferRect(
    cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_write,
    const size_t *buffer_origin, const size_t *host_origin, const size_t *region,
    size_t buffer_row_pitch, size_t buffer_slice_pitch, size_t host_row_pitch,
    size_t host_slice_pitch, const void *ptr, cl_uint num_events_in_wait_list,
    const cl_event *event_wait_list, cl_event *event)
{
    return read_write_rect(command_queue, buffer, true, blocking_write, buffer_origin, host_origin,
                           region, buffer_row_pitch, buffer_slice_pitch, host_row_pitch,
                           host_slice_pitch, (void *)ptr, num_events_in_wait_list, event_wait_list,
                           event);
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueCopyBufferRect(
    cl_command_queue command_queue, cl_mem src_buffer, cl_mem dst_buffer, const size_t *src_origin,
    const size_t *dst_origin, const size_t *region, size_t src_row_pitch, size_t src_slice_pitch,
    size_t dst_row_pitch, size_t dst_slice_pitch, cl_uint num_events_in_wait_list,
    const cl_event *event_wait_list, cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_COPY_RECT};
    size_t src_start, dst_start, src_base, dst_base;
    cl_int err;

    err = check_queue_buffer(command_queue, src_buffer);
    if (!err)
        err = check_queue_buffer(command_queue, dst_buffer);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if any region array element is 0." */
    if (!region_valid(region) || !src_origin || !dst_origin)
        HMMCL_FAIL(CL_INVALID_VALUE, "region, src_origin or dst_origin missing or 0");
    /* "CL_INVALID_VALUE if src_row_pitch is not 0 and is less than region[0]." and
     * "CL_INVALID_VALUE if src_slice_pitch is not 0 and is less than region[1] * src_row_pitch
     * or if src_slice_pitch is not 0 and is not a multiple of src_row_pitch." */
    if (!rect_pitches(region, &src_row_pitch, &src_slice_pitch))
        HMMCL_FAIL(CL_INVALID_VALUE, "source pitches %zu, %zu", src_row_pitch, src_slice_pitch);
    /* The same two rules for dst_row_pitch and dst_slice_pitch. */
    if (!rect_pitches(region, &dst_row_pitch, &dst_slice_pitch))
        HMMCL_FAIL(CL_INVALID_VALUE, "destination pitches %zu, %zu", dst_row_pitch,
                   dst_slice_pitch);
    /* "CL_INVALID_VALUE if (src_origin, region, src_row_pitch, src_slice_pitch) or (dst_origin,
     * region, dst_row_pitch, dst_slice_pitch) require accessing elements outside the src_buffer
     * and dst_buffer buffer objects respectively." */
    if (!rect_in_bounds(src_origin, region, src_row_pitch, src_slice_pitch, src_buffer->size,
                        &src_start) ||
        !rect_in_bounds(dst_origin, region, dst_row_pitch, dst_slice_pitch, dst_buffer->size,
                        &dst_start))
        HMMCL_FAIL(CL_INVALID_VALUE, "region out of bounds");
    /* "CL_INVALID_VALUE if src_buffer and dst_buffer are the same buffer object and
     * src_slice_pitch is not equal to dst_slice_pitch and src_row_pitch is not equal to
     * dst_row_pitch." */
    if (src_buffer == dst_buffer && src_slice_pitch != dst_slice_pitch &&
        src_row_pitch != dst_row_pitch)
        HMMCL_FAIL(CL_INVALID_VALUE, "same buffer with different pitches");
    if (!sub_buffer_aligned(src_buffer) || !sub_buffer_aligned(dst_buffer))
        HMMCL_FAIL(CL_MISALIGNED_SUB_BUFFER_OFFSET, "misaligned sub-buffer");
    /* "CL_MEM_COPY_OVERLAP if src_buffer and dst_buffer are the same buffer or sub-buffer
     * object and the source and destination regions overlap or if src_buffer and dst_buffer
     * are different sub-buffers of the same associated buffer object and they overlap." */
    if (root_of(src_buffer, &src_base) == root_of(dst_buffer, &dst_base)) {
        size_t s = src_base + src_start, d = dst_base + dst_start;
        bool overlap;

        if (src_row_pitch == dst_row_pitch && src_slice_pitch == dst_slice_pitch) {
            overlap = boxes_overlap(s > d ? s - d : d - s, region, src_row_pitch, src_slice_pitch);
        } else {
            /* Different layouts: compare the byte ranges the regions span. */
            size_t s_end = s, d_end = d, a, b;

            rect_span((const size_t[3]){0, 0, 0}, region, src_row_pitch, src_slice_pitch, &a, &b);
            s_end += b;
            rect_span((const size_t[3]){0, 0, 0}, region, dst_row_pitch, dst_slice_pitch, &a, &b);
            d_end += b;
            overlap = s < d_end && d < s_end;
        }
        if (overlap)
            HMMCL_FAIL(CL_MEM_COPY_OVERLAP, "regions overlap");
    }

    cmd.copy_rect.dst = dst_buffer->storage + dst_start;
    cmd.copy_rect.dst_row_pitch = dst_row_pitch;
    cmd.copy_rect.dst_slice_pitch = dst_slice_pitch;
    cmd.copy_rect.src = src_buffer->storage + src_start;
    cmd.copy_rect.src_row_pitch = src_row_pitch;
    cmd.copy_rect.src_slice_pitch = src_slice_pitch;
    memcpy(cmd.copy_rect.region, region, sizeof(cmd.copy_rect.region));
    hmmcl_command_hold(&cmd, &src_buffer->obj);
    hmmcl_command_hold(&cmd, &dst_buffer->obj);
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_COPY_BUFFER_RECT, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

/* Mapping: the storage itself is the mapped region. */

CL_API_ENTRY void *CL_API_CALL clEnqueueMapBuffer(cl_command_queue command_queue, cl_mem buffer,
                                                  cl_bool blocking_map, cl_map_flags map_flags,
                                                  size_t offset, size_t size,
                                                  cl_uint num_events_in_wait_list,
                                                  const cl_event *event_wait_list, cl_event *event,
                                                  cl_int *errcode_ret)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_NOP};
    void *ptr = NULL;
    cl_int err;

    err = check_queue_buffer(command_queue, buffer);
    if (err)
        HMMCL_FAIL(err, "%s", check_reason(err));
    /* "CL_INVALID_VALUE if region being mapped given by (offset, size) is out of bounds or if
     * size is 0 or if values specified in map_flags are not valid." */
    if (!in_bounds(offset, size, buffer->size) || size == 0)
        HMMCL_FAIL(CL_INVALID_VALUE, "(%zu, %zu) in a buffer of %zu bytes", offset, size,
                   buffer->size);
    if (!hmmcl_map_flags_valid(map_flags))
        HMMCL_FAIL(CL_INVALID_VALUE, "map_flags 0x%llx", (unsigned long long)map_flags);
    if (!sub_buffer_aligned(buffer))
        HMMCL_FAIL(CL_MISALIGNED_SUB_BUFFER_OFFSET, "sub-buffer offset %zu", buffer->offset);
    /* "CL_INVALID_OPERATION if buffer has been created with CL_MEM_HOST_WRITE_ONLY or
     * CL_MEM_HOST_NO_ACCESS and CL_MAP_READ is set in map_flags or if buffer has been created
     * with CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_NO_ACCESS and CL_MAP_WRITE or
     * CL_MAP_WRITE_INVALIDATE_REGION is set in map_flags." */
    if (((map_flags & CL_MAP_READ) && !host_may_read(buffer)) ||
        ((map_flags & (CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION)) && !host_may_write(buffer)))
        HMMCL_FAIL(CL_INVALID_OPERATION, "map_flags 0x%llx against host access flags 0x%llx",
                   (unsigned long long)map_flags, (unsigned long long)buffer->flags);

    ptr = buffer->storage + offset;
    /* Recorded first, so that an unmap racing with a non-blocking map finds it. */
    err = hmmcl_mem_map_add(buffer, ptr);
    if (err)
        HMMCL_FAIL(err, "mapping record");
    hmmcl_command_hold(&cmd, &buffer->obj);
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_MAP_BUFFER, blocking_map,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err) {
        hmmcl_mem_map_remove(buffer, ptr);
        ptr = NULL;
        HMMCL_FAIL(err, "enqueue");
    }
error:
    hmmcl_set_errcode(errcode_ret, err);
    return ptr;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueUnmapMemObject(cl_command_queue command_queue,
                                                        cl_mem memobj, void *mapped_ptr,
                                                        cl_uint num_events_in_wait_list,
                                                        const cl_event *event_wait_list,
                                                        cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_NOP};
    cl_int err;

    /* "CL_INVALID_COMMAND_QUEUE if command_queue is not a valid host command-queue." */
    if (!hmmcl_object_is(command_queue, HMMCL_MAGIC_QUEUE))
        HMMCL_FAIL(CL_INVALID_COMMAND_QUEUE, "not a command-queue");
    /* "CL_INVALID_MEM_OBJECT if memobj is not a valid memory object or is a pipe object." */
    if (!hmmcl_object_is(memobj, HMMCL_MAGIC_MEM))
        HMMCL_FAIL(CL_INVALID_MEM_OBJECT, "not a memory object");
    /* "CL_INVALID_CONTEXT if context associated with command_queue and memobj are not the
     * same" */
    if (memobj->context != command_queue->context)
        HMMCL_FAIL(CL_INVALID_CONTEXT, "memory object and queue are in different contexts");
    /* "CL_INVALID_VALUE if mapped_ptr is not a valid pointer returned by clEnqueueMapBuffer or
     * clEnqueueMapImage for memobj." */
    if (!mapped_ptr || !hmmcl_mem_map_remove(memobj, mapped_ptr))
        HMMCL_FAIL(CL_INVALID_VALUE, "%p is not mapped from this memory object", mapped_ptr);

    hmmcl_command_hold(&cmd, &memobj->obj);
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_UNMAP_MEM_OBJECT, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err) {
        /* Nothing was enqueued: the pointer stays mapped. */
        hmmcl_mem_map_add(memobj, mapped_ptr);
        HMMCL_FAIL(err, "enqueue");
    }
    return CL_SUCCESS;
error:
    return err;
}

CL_API_ENTRY cl_int CL_API_CALL clEnqueueMigrateMemObjects(
    cl_command_queue command_queue, cl_uint num_mem_objects, const cl_mem *mem_objects,
    cl_mem_migration_flags flags, cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
    cl_event *event)
{
    struct hmmcl_command cmd = {.op = HMMCL_OP_NOP};
    cl_int err;

    /* "CL_INVALID_COMMAND_QUEUE if command_queue is not a valid host command-queue." */
    if (!hmmcl_object_is(command_queue, HMMCL_MAGIC_QUEUE))
        HMMCL_FAIL(CL_INVALID_COMMAND_QUEUE, "not a command-queue");
    /* "CL_INVALID_VALUE if num_mem_objects is zero or if mem_objects is NULL." */
    if (!num_mem_objects || !mem_objects)
        HMMCL_FAIL(CL_INVALID_VALUE, "no memory objects");
    for (cl_uint i = 0; i < num_mem_objects; i++) {
        /* "CL_INVALID_MEM_OBJECT if any of the memory objects in mem_objects is not a valid
         * memory object." */
        if (!hmmcl_object_is(mem_objects[i], HMMCL_MAGIC_MEM))
            HMMCL_FAIL(CL_INVALID_MEM_OBJECT, "mem_objects[%u] is not a memory object", i);
        /* "CL_INVALID_CONTEXT if the context associated with command_queue and memory objects
         * in mem_objects are not the same" */
        if (mem_objects[i]->context != command_queue->context)
            HMMCL_FAIL(CL_INVALID_CONTEXT, "mem_objects[%u] is in another context", i);
    }
    /* "CL_INVALID_VALUE if flags is not 0 or is not any of the values described in the table
     * above." */
    if (flags & ~(cl_mem_migration_flags)HMMCL_MIGRATE_FLAGS_KNOWN)
        HMMCL_FAIL(CL_INVALID_VALUE, "flags 0x%llx", (unsigned long long)flags);

    /*
     * Buffers are process memory every device reaches directly: migration
     * has nothing to move and only takes its place in the queue.
     */
    err = hmmcl_queue_enqueue_command(command_queue, CL_COMMAND_MIGRATE_MEM_OBJECTS, false,
                                      num_events_in_wait_list, event_wait_list, event, &cmd);
    if (err)
        HMMCL_FAIL(err, "enqueue");
    return CL_SUCCESS;
error:
    return err;
}

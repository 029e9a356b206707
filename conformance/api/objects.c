/* api: images, samplers, pipes, timers, extension function lookup, device queues. */
#include "api.h"

#include <CL/cl_ext.h>
#include <string.h>

void images(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_image_format fmt = {CL_RGBA, CL_UNORM_INT8};
    cl_image_desc desc;
    memset(&desc, 0, sizeof(desc));
    desc.image_type = CL_MEM_OBJECT_IMAGE2D;
    desc.image_width = 16;
    desc.image_height = 8;
    if (!conf_has_images(t)) {
        /* "CL_INVALID_OPERATION if there are no devices in context that support images
         * (i.e. CL_DEVICE_IMAGE_SUPPORT specified in the Device Queries table is
         * CL_FALSE)." */
        CHECK_NULL_ERR(CL_INVALID_OPERATION,
                       clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &desc, NULL, ERRP));
        CHECK_NULL_ERR(CL_INVALID_OPERATION, clCreateImageWithProperties(c, NULL, CL_MEM_READ_WRITE,
                                                                         &fmt, &desc, NULL, ERRP));
        CHECK_NULL_ERR(CL_INVALID_OPERATION,
                       clCreateImage2D(c, CL_MEM_READ_WRITE, &fmt, 16, 8, 0, NULL, ERRP));
        CHECK_NULL_ERR(CL_INVALID_OPERATION,
                       clCreateImage3D(c, CL_MEM_READ_WRITE, &fmt, 4, 4, 4, 0, 0, NULL, ERRP));
        SKIP("device reports CL_DEVICE_IMAGE_SUPPORT == CL_FALSE (CL_INVALID_OPERATION "
             "checked)");
    }
    cl_uint nfmt = 0;
    CHECK_OK(
        clGetSupportedImageFormats(c, CL_MEM_READ_ONLY, CL_MEM_OBJECT_IMAGE2D, 0, NULL, &nfmt));
    CHECK(nfmt >= 1);
    cl_image_format fmts[256];
    if (nfmt > 256)
        nfmt = 256;
    CHECK_OK(
        clGetSupportedImageFormats(c, CL_MEM_READ_ONLY, CL_MEM_OBJECT_IMAGE2D, nfmt, fmts, NULL));
    /* The minimum list of supported image formats includes CL_RGBA / CL_UNORM_INT8. */
    bool has_rgba8 = false;
    for (cl_uint i = 0; i < nfmt; i++)
        has_rgba8 |= fmts[i].image_channel_order == CL_RGBA &&
                     fmts[i].image_channel_data_type == CL_UNORM_INT8;
    CHECK(has_rgba8);
    /* "CL_INVALID_VALUE if flags or image_type are not valid, or if num_entries is 0 and
     * image_formats is not NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clGetSupportedImageFormats(c, CL_MEM_READ_ONLY,
                                                           CL_MEM_OBJECT_IMAGE2D, 0, fmts, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetSupportedImageFormats(c, CL_MEM_READ_ONLY, CL_MEM_OBJECT_BUFFER, 4, fmts, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetSupportedImageFormats(c, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY,
                                                           CL_MEM_OBJECT_IMAGE2D, 4, fmts, NULL));

    cl_mem img;
    REQUIRE_CREATE(img, clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &desc, NULL, ERRP));
    conf_defer_mem(t, img);
    size_t v = 0;
    CHECK_OK(clGetImageInfo(img, CL_IMAGE_WIDTH, sizeof(v), &v, NULL));
    CHECK_EQ_U(16, v);
    CHECK_OK(clGetImageInfo(img, CL_IMAGE_HEIGHT, sizeof(v), &v, NULL));
    CHECK_EQ_U(8, v);
    CHECK_OK(clGetImageInfo(img, CL_IMAGE_ELEMENT_SIZE, sizeof(v), &v, NULL));
    CHECK_EQ_U(4, v);
    CHECK_OK(clGetImageInfo(img, CL_IMAGE_ROW_PITCH, sizeof(v), &v, NULL));
    CHECK(v >= 64);
    CHECK_OK(clGetImageInfo(img, CL_IMAGE_DEPTH, sizeof(v), &v, NULL));
    CHECK_EQ_U(0, v);
    cl_image_format gotf;
    CHECK_OK(clGetImageInfo(img, CL_IMAGE_FORMAT, sizeof(gotf), &gotf, NULL));
    CHECK_EQ_U(CL_RGBA, gotf.image_channel_order);
    CHECK_ERR(CL_INVALID_VALUE, clGetImageInfo(img, 0x7777, sizeof(v), &v, NULL));
    cl_mem_object_type mt = 0;
    CHECK_OK(clGetMemObjectInfo(img, CL_MEM_TYPE, sizeof(mt), &mt, NULL));
    CHECK_EQ_U(CL_MEM_OBJECT_IMAGE2D, mt);

    cl_command_queue q = conf_queue(t);
    REQUIRE(q);
    unsigned char in[16 * 8 * 4], out[16 * 8 * 4];
    conf_pattern(in, sizeof(in), 7);
    size_t origin[3] = {0, 0, 0}, region[3] = {16, 8, 1};
    CHECK_OK(clEnqueueWriteImage(q, img, CL_TRUE, origin, region, 0, 0, in, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadImage(q, img, CL_TRUE, origin, region, 0, 0, out, 0, NULL, NULL));
    CHECK_MEM_EQ(in, out, sizeof(in));
    /* "CL_INVALID_VALUE if the region being read specified by origin and region is out of
     * bounds" */
    size_t bigregion[3] = {17, 8, 1};
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueReadImage(q, img, CL_TRUE, origin, bigregion, 0, 0, out, 0, NULL, NULL));
    /* "... if image is a 2D image object and origin[2] is not equal to 0 or region[2] is
     * not equal to 1" */
    size_t reg2[3] = {16, 8, 2};
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueReadImage(q, img, CL_TRUE, origin, reg2, 0, 0, out, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueReadImage(q, img, CL_TRUE, origin, region, 0, 0, NULL, 0, NULL, NULL));
    float fill[4] = {0, 0, 0, 0};
    CHECK_OK(clEnqueueFillImage(q, img, fill, origin, region, 0, NULL, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clEnqueueFillImage(q, img, NULL, origin, region, 0, NULL, NULL));
    cl_mem buf;
    REQUIRE_CREATE(buf, clCreateBuffer(c, CL_MEM_READ_WRITE, sizeof(in), NULL, ERRP));
    conf_defer_mem(t, buf);
    CHECK_OK(clEnqueueCopyImageToBuffer(q, img, buf, origin, region, 0, 0, NULL, NULL));
    CHECK_OK(clEnqueueCopyBufferToImage(q, buf, img, 0, origin, region, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof(out), out, 0, NULL, NULL));
    bool zero = true;
    for (size_t i = 0; i < sizeof(out); i++)
        zero &= out[i] == 0;
    CHECK(zero);
    /* "CL_INVALID_VALUE if ... dst_offset + dst_cb > size of dst_buffer" */
    CHECK_ERR(CL_INVALID_VALUE,
              clEnqueueCopyImageToBuffer(q, img, buf, origin, region, 4, 0, NULL, NULL));
    size_t rp = 0;
    void *map = clEnqueueMapImage(q, img, CL_TRUE, CL_MAP_READ, origin, region, &rp, NULL, 0, NULL,
                                  NULL, NULL);
    CHECK(map != NULL && rp >= 64);
    if (map)
        CHECK_OK(clEnqueueUnmapMemObject(q, img, map, 0, NULL, NULL));
    /* "CL_INVALID_VALUE if image_row_pitch is NULL." */
    CHECK_NULL_ERR(CL_INVALID_VALUE, clEnqueueMapImage(q, img, CL_TRUE, CL_MAP_READ, origin, region,
                                                       NULL, NULL, 0, NULL, NULL, ERRP));
    cl_mem img2;
    REQUIRE_CREATE(img2, clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &desc, NULL, ERRP));
    conf_defer_mem(t, img2);
    CHECK_OK(clEnqueueCopyImage(q, img, img2, origin, origin, region, 0, NULL, NULL));
    /* "CL_MEM_COPY_OVERLAP if src_image and dst_image are the same image object and the
     * source and destination regions overlap." */
    size_t o1[3] = {1, 0, 0};
    size_t r8[3] = {8, 8, 1};
    CHECK_ERR(CL_MEM_COPY_OVERLAP, clEnqueueCopyImage(q, img, img, origin, o1, r8, 0, NULL, NULL));
    /* "CL_IMAGE_FORMAT_MISMATCH if src_image and dst_image do not use the same image
     * format." */
    cl_image_format fmt2 = {CL_RGBA, CL_UNSIGNED_INT8};
    cl_mem img3 = clCreateImage(c, CL_MEM_READ_WRITE, &fmt2, &desc, NULL, NULL);
    if (img3) {
        conf_defer_mem(t, img3);
        CHECK_ERR(CL_IMAGE_FORMAT_MISMATCH,
                  clEnqueueCopyImage(q, img, img3, origin, origin, region, 0, NULL, NULL));
    }
    CHECK_OK(clFinish(q));

    /* creation errors */
    /* "CL_INVALID_IMAGE_FORMAT_DESCRIPTOR if values specified in image_format are not
     * valid or if image_format is NULL." */
    CHECK_NULL_ERR(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR,
                   clCreateImage(c, CL_MEM_READ_WRITE, NULL, &desc, NULL, ERRP));
    cl_image_format badf = {0x7777, CL_UNORM_INT8};
    CHECK_NULL_ERR(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR,
                   clCreateImage(c, CL_MEM_READ_WRITE, &badf, &desc, NULL, ERRP));
    /* "CL_INVALID_IMAGE_DESCRIPTOR if values specified in image_desc are not valid or if
     * image_desc is NULL." */
    CHECK_NULL_ERR(CL_INVALID_IMAGE_DESCRIPTOR,
                   clCreateImage(c, CL_MEM_READ_WRITE, &fmt, NULL, NULL, ERRP));
    cl_image_desc bd = desc;
    bd.image_type = CL_MEM_OBJECT_BUFFER;
    CHECK_NULL_ERR(CL_INVALID_IMAGE_DESCRIPTOR,
                   clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &bd, NULL, ERRP));
    bd = desc;
    bd.image_width = 0;
    CHECK_NULL_ERR(CL_INVALID_IMAGE_DESCRIPTOR,
                   clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &bd, NULL, ERRP));
    /* "CL_INVALID_IMAGE_SIZE if image dimensions specified in image_desc exceed the
     * maximum image dimensions ... for all devices in context." */
    bd = desc;
    bd.image_width = conf_dev_size(t, t->device, CL_DEVICE_IMAGE2D_MAX_WIDTH) + 1;
    CHECK_NULL_ERR(CL_INVALID_IMAGE_SIZE,
                   clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &bd, NULL, ERRP));
    /* "CL_INVALID_HOST_PTR if host_ptr is NULL and CL_MEM_USE_HOST_PTR or
     * CL_MEM_COPY_HOST_PTR are set in flags" */
    CHECK_NULL_ERR(CL_INVALID_HOST_PTR,
                   clCreateImage(c, CL_MEM_USE_HOST_PTR, &fmt, &desc, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_HOST_PTR, clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &desc, in, ERRP));
    CHECK_NULL_ERR(CL_INVALID_VALUE,
                   clCreateImage(c, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY, &fmt, &desc, NULL, ERRP));
    /* clCreateImageWithProperties: "CL_INVALID_PROPERTY if a property name in properties is
     * not a supported property name" */
    cl_mem_properties badp[] = {0x7777, 0, 0};
    CHECK_NULL_ERR(CL_INVALID_PROPERTY, clCreateImageWithProperties(c, badp, CL_MEM_READ_WRITE,
                                                                    &fmt, &desc, NULL, ERRP));
    cl_mem_properties nop[] = {0};
    cl_mem img4;
    REQUIRE_CREATE(img4,
                   clCreateImageWithProperties(c, nop, CL_MEM_READ_WRITE, &fmt, &desc, NULL, ERRP));
    conf_defer_mem(t, img4);
    size_t psz = 7;
    CHECK_OK(clGetMemObjectInfo(img4, CL_MEM_PROPERTIES, 0, NULL, &psz));
    CHECK_EQ_U(sizeof(cl_mem_properties), psz);
    /* deprecated 1.1 entry points */
    cl_mem i2;
    REQUIRE_CREATE(i2, clCreateImage2D(c, CL_MEM_READ_WRITE, &fmt, 16, 8, 0, NULL, ERRP));
    conf_defer_mem(t, i2);
    CHECK_NULL_ERR(CL_INVALID_IMAGE_SIZE,
                   clCreateImage2D(c, CL_MEM_READ_WRITE, &fmt, 0, 8, 0, NULL, ERRP));
    /* last: some implementations abort on multi-sample descriptors */
    bd = desc;
    bd.num_samples = 1;
    CHECK_NULL_ERR(CL_INVALID_IMAGE_DESCRIPTOR,
                   clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &bd, NULL, ERRP));
}

void samplers(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    cl_sampler_properties props[] = {CL_SAMPLER_NORMALIZED_COORDS,
                                     CL_TRUE,
                                     CL_SAMPLER_ADDRESSING_MODE,
                                     CL_ADDRESS_CLAMP_TO_EDGE,
                                     CL_SAMPLER_FILTER_MODE,
                                     CL_FILTER_LINEAR,
                                     0};
    if (!conf_has_images(t)) {
        /* "CL_INVALID_OPERATION if images are not supported by any device associated with
         * context (i.e. CL_DEVICE_IMAGE_SUPPORT ... is CL_FALSE)." */
        CHECK_NULL_ERR(CL_INVALID_OPERATION, clCreateSamplerWithProperties(c, props, ERRP));
        CHECK_NULL_ERR(CL_INVALID_OPERATION,
                       clCreateSampler(c, CL_TRUE, CL_ADDRESS_CLAMP, CL_FILTER_NEAREST, ERRP));
        SKIP("device reports CL_DEVICE_IMAGE_SUPPORT == CL_FALSE (CL_INVALID_OPERATION "
             "checked)");
    }
    cl_sampler s;
    REQUIRE_CREATE(s, clCreateSamplerWithProperties(c, props, ERRP));
    conf_defer_sampler(t, s);
    cl_bool norm = 0;
    CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_NORMALIZED_COORDS, sizeof(norm), &norm, NULL));
    CHECK_EQ_U(CL_TRUE, norm);
    cl_addressing_mode am = 0;
    CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_ADDRESSING_MODE, sizeof(am), &am, NULL));
    CHECK_EQ_U(CL_ADDRESS_CLAMP_TO_EDGE, am);
    cl_filter_mode fm = 0;
    CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_FILTER_MODE, sizeof(fm), &fm, NULL));
    CHECK_EQ_U(CL_FILTER_LINEAR, fm);
    cl_uint rc = 0;
    CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_REFERENCE_COUNT, sizeof(rc), &rc, NULL));
    CHECK_EQ_U(1, rc);
    CHECK_OK(clRetainSampler(s));
    CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_REFERENCE_COUNT, sizeof(rc), &rc, NULL));
    CHECK_EQ_U(2, rc);
    CHECK_OK(clReleaseSampler(s));
    cl_context sc = NULL;
    CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_CONTEXT, sizeof(sc), &sc, NULL));
    CHECK_EQ_P(c, sc);
    cl_sampler_properties got[8];
    size_t sz = 0;
    CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_PROPERTIES, sizeof(got), got, &sz));
    CHECK_EQ_U(sizeof(props), sz);
    CHECK_ERR(CL_INVALID_VALUE, clGetSamplerInfo(s, 0x7777, sizeof(rc), &rc, NULL));
    /* "CL_INVALID_VALUE if the property name in sampler_properties is not a supported
     * property name, if the value specified for a supported property name is not valid,
     * or if the same property name is specified more than once." */
    cl_sampler_properties bad1[] = {0x7777, 0, 0};
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSamplerWithProperties(c, bad1, ERRP));
    cl_sampler_properties bad2[] = {CL_SAMPLER_ADDRESSING_MODE, 0x7777, 0};
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSamplerWithProperties(c, bad2, ERRP));
    cl_sampler_properties bad3[] = {CL_SAMPLER_FILTER_MODE, CL_FILTER_LINEAR,
                                    CL_SAMPLER_FILTER_MODE, CL_FILTER_NEAREST, 0};
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSamplerWithProperties(c, bad3, ERRP));
    /* defaults: normalized CL_TRUE, CL_ADDRESS_CLAMP, CL_FILTER_NEAREST */
    cl_sampler d;
    REQUIRE_CREATE(d, clCreateSamplerWithProperties(c, NULL, ERRP));
    conf_defer_sampler(t, d);
    CHECK_OK(clGetSamplerInfo(d, CL_SAMPLER_ADDRESSING_MODE, sizeof(am), &am, NULL));
    CHECK_EQ_U(CL_ADDRESS_CLAMP, am);
    CHECK_OK(clGetSamplerInfo(d, CL_SAMPLER_FILTER_MODE, sizeof(fm), &fm, NULL));
    CHECK_EQ_U(CL_FILTER_NEAREST, fm);
    CHECK_OK(clGetSamplerInfo(d, CL_SAMPLER_NORMALIZED_COORDS, sizeof(norm), &norm, NULL));
    CHECK_EQ_U(CL_TRUE, norm);
    CHECK_OK(clGetSamplerInfo(d, CL_SAMPLER_PROPERTIES, 0, NULL, &sz));
    CHECK_EQ_U(0, sz);
    cl_sampler old;
    REQUIRE_CREATE(old, clCreateSampler(c, CL_FALSE, CL_ADDRESS_NONE, CL_FILTER_NEAREST, ERRP));
    conf_defer_sampler(t, old);
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreateSampler(c, CL_FALSE, 0x7777, CL_FILTER_NEAREST, ERRP));
}

void pipes(conf_t *t)
{
    cl_context c = conf_context(t);
    REQUIRE(c);
    if (!conf_dev_bool(t, t->device, CL_DEVICE_PIPE_SUPPORT)) {
        /* "CL_INVALID_OPERATION if no devices in context support pipes." */
        CHECK_NULL_ERR(CL_INVALID_OPERATION, clCreatePipe(c, CL_MEM_READ_WRITE, 4, 16, NULL, ERRP));
        SKIP("device reports CL_DEVICE_PIPE_SUPPORT == CL_FALSE (CL_INVALID_OPERATION checked)");
    }
    cl_mem p;
    REQUIRE_CREATE(p, clCreatePipe(c, CL_MEM_READ_WRITE, 4, 16, NULL, ERRP));
    conf_defer_mem(t, p);
    cl_uint v = 0;
    CHECK_OK(clGetPipeInfo(p, CL_PIPE_PACKET_SIZE, sizeof(v), &v, NULL));
    CHECK_EQ_U(4, v);
    CHECK_OK(clGetPipeInfo(p, CL_PIPE_MAX_PACKETS, sizeof(v), &v, NULL));
    CHECK_EQ_U(16, v);
    size_t sz = 9;
    CHECK_OK(clGetPipeInfo(p, CL_PIPE_PROPERTIES, 0, NULL, &sz));
    CHECK_EQ_U(0, sz);
    CHECK_ERR(CL_INVALID_VALUE, clGetPipeInfo(p, 0x7777, sizeof(v), &v, NULL));
    cl_mem_object_type mt = 0;
    CHECK_OK(clGetMemObjectInfo(p, CL_MEM_TYPE, sizeof(mt), &mt, NULL));
    CHECK_EQ_U(CL_MEM_OBJECT_PIPE, mt);
    /* "CL_INVALID_PIPE_SIZE if pipe_packet_size is 0 or the pipe_packet_size exceeds
     * CL_DEVICE_PIPE_MAX_PACKET_SIZE value ... or if pipe_max_packets is 0." */
    CHECK_NULL_ERR(CL_INVALID_PIPE_SIZE, clCreatePipe(c, CL_MEM_READ_WRITE, 0, 16, NULL, ERRP));
    CHECK_NULL_ERR(CL_INVALID_PIPE_SIZE, clCreatePipe(c, CL_MEM_READ_WRITE, 4, 0, NULL, ERRP));
    cl_uint maxp = conf_dev_uint(t, t->device, CL_DEVICE_PIPE_MAX_PACKET_SIZE);
    CHECK_NULL_ERR(CL_INVALID_PIPE_SIZE,
                   clCreatePipe(c, CL_MEM_READ_WRITE, maxp + 1, 16, NULL, ERRP));
    /* "CL_INVALID_VALUE if values specified in flags are not as defined above." */
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreatePipe(c, CL_MEM_USE_HOST_PTR, 4, 16, NULL, ERRP));
    /* "CL_INVALID_VALUE if properties is not NULL." (3.0: no pipe properties defined) */
    cl_pipe_properties pp[] = {0x7777, 0, 0};
    CHECK_NULL_ERR(CL_INVALID_VALUE, clCreatePipe(c, CL_MEM_READ_WRITE, 4, 16, pp, ERRP));
}

void timers(conf_t *t)
{
    cl_ulong res = 0;
    CHECK_OK(
        clGetPlatformInfo(t->platform, CL_PLATFORM_HOST_TIMER_RESOLUTION, sizeof(res), &res, NULL));
    cl_ulong dev = 0, host = 0;
    if (res == 0) {
        /* "CL_INVALID_OPERATION if the platform associated with device does not support
         * device and host timer synchronization." A resolution of 0 is how a platform says
         * it does not ("This value must be 0 for devices that do not support device and
         * host timer synchronization."). */
        CHECK_ERR(CL_INVALID_OPERATION, clGetHostTimer(t->device, &host));
        CHECK_ERR(CL_INVALID_OPERATION, clGetDeviceAndHostTimer(t->device, &dev, &host));
        SKIP("CL_PLATFORM_HOST_TIMER_RESOLUTION is 0 (CL_INVALID_OPERATION checked)");
    }
    /* "CL_INVALID_VALUE if host_timestamp or device_timestamp is NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clGetDeviceAndHostTimer(t->device, NULL, &host));
    CHECK_ERR(CL_INVALID_VALUE, clGetDeviceAndHostTimer(t->device, &dev, NULL));
    CHECK_ERR(CL_INVALID_VALUE, clGetHostTimer(t->device, NULL));
    cl_ulong pd = 0, ph = 0, h = 0, prevh = 0;
    bool mono = true;
    for (int i = 0; i < 200; i++) {
        CHECK_OK(clGetDeviceAndHostTimer(t->device, &dev, &host));
        mono &= dev >= pd && host >= ph;
        pd = dev;
        ph = host;
        CHECK_OK(clGetHostTimer(t->device, &h));
        mono &= h >= prevh && h >= host;
        prevh = h;
    }
    CHECK_MSG(mono, "timers are not monotonic");
    CHECK(pd > 0 && ph > 0);
}

void extension_function_address(conf_t *t)
{
    /* "returns NULL if the specified function does not exist for the implementation or if
     * platform is not a valid platform" */
    CHECK(clGetExtensionFunctionAddressForPlatform(t->platform, "clHmmclNoSuchFunctionKHR") ==
          NULL);
    CHECK(clGetExtensionFunctionAddressForPlatform(t->platform, "") == NULL);
    static const struct {
        const char *ext, *fn;
    } known[] = {
        {"cl_khr_command_buffer", "clCreateCommandBufferKHR"},
        {"cl_khr_command_buffer", "clFinalizeCommandBufferKHR"},
        {"cl_khr_il_program", "clCreateProgramWithILKHR"},
        {"cl_khr_create_command_queue", "clCreateCommandQueueWithPropertiesKHR"},
        {"cl_khr_suggested_local_work_size", "clGetKernelSuggestedLocalWorkSizeKHR"},
        {"cl_khr_external_memory", "clEnqueueAcquireExternalMemObjectsKHR"},
        {"cl_khr_semaphore", "clCreateSemaphoreWithPropertiesKHR"},
        {"cl_khr_subgroups", "clGetKernelSubGroupInfoKHR"},
        {"cl_intel_unified_shared_memory", "clHostMemAllocINTEL"},
        {"cl_ext_device_fission", "clCreateSubDevicesEXT"},
        {"cl_arm_shared_virtual_memory", "clSVMAllocARM"},
    };
    const char *pext = conf_plat_string(t, t->platform, CL_PLATFORM_EXTENSIONS);
    unsigned checked = 0;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        bool adv =
            conf_has_extension(t, t->device, known[i].ext) || (pext && strstr(pext, known[i].ext));
        if (!adv)
            continue;
        checked++;
        CHECK_MSG(clGetExtensionFunctionAddressForPlatform(t->platform, known[i].fn) != NULL,
                  "%s is advertised but %s is not returned", known[i].ext, known[i].fn);
    }
    /* core entry points are not extension functions; the deprecated form goes through
     * the loader and behaves the same for unknown names */
    CHECK(clGetExtensionFunctionAddress("clHmmclNoSuchFunctionKHR") == NULL);
    (void)checked;
}

void device_queue_default(conf_t *t)
{
    cl_context c = conf_context(t);
    cl_command_queue q = conf_queue(t);
    REQUIRE(c && q);
    cl_device_device_enqueue_capabilities caps = conf_dev_enqueue_caps(t, t->device);
    cl_int err = clSetDefaultDeviceCommandQueue(c, t->device, q);
    if (!(caps & CL_DEVICE_QUEUE_REPLACEABLE_DEFAULT)) {
        /* "CL_INVALID_OPERATION if device does not support a replaceable default on-device
         * queue." */
        CHECK_ERR(CL_INVALID_OPERATION, err);
    } else {
        /* "CL_INVALID_COMMAND_QUEUE if command_queue is not a valid command-queue for
         * device" (a host queue is not a device queue) */
        CHECK_ERR(CL_INVALID_COMMAND_QUEUE, err);
    }
    cl_command_queue dq = (cl_command_queue)1;
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_DEVICE_DEFAULT, sizeof(dq), &dq, NULL));
    if (!(caps & CL_DEVICE_QUEUE_SUPPORTED))
        CHECK_EQ_P(NULL, dq);
}

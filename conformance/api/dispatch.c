/*
 * api/dispatch: every OpenCL 3.0 entry point (including the deprecated ones still
 * declared by the 3.0 headers) is called once through the ICD loader with a valid
 * object of its first argument's type and otherwise invalid arguments, and must
 * return the exact error the spec defines. A wrong slot in the vendor's dispatch
 * table shows up as a wrong error code or a crash here.
 *
 * Where the spec lists two applicable errors without an order (typically "feature
 * unsupported" and "argument invalid"), the test passes otherwise-valid arguments so
 * that only one error applies. The few slots where that is impossible accept both
 * codes and say so.
 */
#include "api.h"

#include <string.h>

static unsigned slots;

static void slot2(conf_t *t, int line, const char *call, cl_int got, cl_int e1, cl_int e2)
{
    slots++;
    t->checks++;
    if (got != e1 && got != e2) {
        if (e1 == e2)
            conf_fail(t, __FILE__, line, "%s: expected %s, got %s", call, conf_err_name(e1),
                      conf_err_name(got));
        else
            conf_fail(t, __FILE__, line, "%s: expected %s or %s, got %s", call, conf_err_name(e1),
                      conf_err_name(e2), conf_err_name(got));
    }
}

#define D(expected, call)        slot2(t, __LINE__, #call, (call), (expected), (expected))
#define D2(expected, also, call) slot2(t, __LINE__, #call, (call), (expected), (also))
#define DN(expected, call)                                                                         \
    do {                                                                                           \
        cl_int conf_err_ = 1;                                                                      \
        const void *p_ = (const void *)(call);                                                     \
        slot2(t, __LINE__, #call, p_ ? 12345 : conf_err_, (expected), (expected));                 \
    } while (0)
#define DNULL(call)                                                                                \
    slot2(t, __LINE__, #call, (const void *)(call) == NULL ? CL_SUCCESS : 12345, CL_SUCCESS,       \
          CL_SUCCESS)

static void CL_CALLBACK ev_cb(cl_event e, cl_int s, void *ud)
{
    (void)e;
    (void)s;
    (void)ud;
}

static void CL_CALLBACK native_noop(void *a)
{
    (void)a;
}

static void dispatch_group(conf_t *t, int group)
{
    cl_platform_id P = t->platform;
    cl_device_id Dv = t->device;
    cl_context C = conf_context(t);
    cl_command_queue Q = conf_queue(t);
    REQUIRE(C && Q);
    slots = 0;
    cl_int err;
    cl_mem B;
    REQUIRE_CREATE(B, clCreateBuffer(C, CL_MEM_READ_WRITE, 256, NULL, ERRP));
    conf_defer_mem(t, B);
    const char *src = "__kernel void k(__global int *p) { p[0] = 1; }";
    cl_program Pg; /* never built */
    REQUIRE_CREATE(Pg, clCreateProgramWithSource(C, 1, &src, NULL, ERRP));
    conf_defer_program(t, Pg);
    cl_event E; /* user event, completed below */
    REQUIRE_CREATE(E, clCreateUserEvent(C, ERRP));
    conf_defer_event(t, E);
    bool images = conf_has_images(t);
    bool pipes = conf_dev_bool(t, Dv, CL_DEVICE_PIPE_SUPPORT);
    cl_device_svm_capabilities svm = conf_svm_caps(t);
    bool native = conf_has_native_kernels(t);
    const char *ilv = conf_dev_string(t, Dv, CL_DEVICE_IL_VERSION);
    bool il = ilv && ilv[0];
    bool subgroups = conf_dev_uint(t, Dv, CL_DEVICE_MAX_NUM_SUB_GROUPS) != 0;
    cl_ulong timer_res = 0;
    clGetPlatformInfo(P, CL_PLATFORM_HOST_TIMER_RESOLUTION, sizeof(timer_res), &timer_res, NULL);
    cl_device_device_enqueue_capabilities dq = conf_dev_enqueue_caps(t, Dv);

    size_t sz = 0;
    cl_uint n = 0;
    cl_ulong u64 = 0, u64b = 0;
    char buf[64];
    int i32 = 0;
    size_t zero3[3] = {0, 0, 0}, region0[3] = {0, 1, 1}, region1[3] = {4, 4, 1};
    cl_image_format fmt = {CL_RGBA, CL_UNORM_INT8};
    cl_image_desc desc;
    memset(&desc, 0, sizeof(desc));
    desc.image_type = CL_MEM_OBJECT_IMAGE2D;
    desc.image_width = desc.image_height = 4;
    cl_context_properties cprops[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)P, 0};
    cl_device_id nulldev = NULL;
    static const uint32_t spirv[5] = {0x07230203, 0x00010000, 0, 1, 0};

    if (group == 0) { /* dispatch_platform_device */
        /* platform and device */
        D(CL_INVALID_VALUE, clGetPlatformIDs(0, NULL, NULL));
        D(CL_INVALID_VALUE, clGetPlatformInfo(P, 0x7777, 0, NULL, &sz));
        D(CL_INVALID_DEVICE_TYPE, clGetDeviceIDs(P, (cl_device_type)1 << 40, 0, NULL, &n));
        D(CL_INVALID_VALUE, clGetDeviceInfo(Dv, 0x7777, 0, NULL, &sz));
        D(CL_INVALID_VALUE, clCreateSubDevices(Dv, NULL, 0, NULL, &n));
        D(CL_SUCCESS, clRetainDevice(Dv));
        D(CL_SUCCESS, clReleaseDevice(Dv));
        D((dq & CL_DEVICE_QUEUE_REPLACEABLE_DEFAULT) ? CL_INVALID_COMMAND_QUEUE
                                                     : CL_INVALID_OPERATION,
          clSetDefaultDeviceCommandQueue(C, Dv, Q));
        D(timer_res ? CL_SUCCESS : CL_INVALID_OPERATION, clGetDeviceAndHostTimer(Dv, &u64, &u64b));
        D(timer_res ? CL_SUCCESS : CL_INVALID_OPERATION, clGetHostTimer(Dv, &u64));
    }
    if (group == 1) { /* dispatch_context */
        /* context */
        DN(CL_INVALID_VALUE, clCreateContext(cprops, 0, &Dv, NULL, NULL, ERRP));
        DN(CL_INVALID_DEVICE_TYPE,
           clCreateContextFromType(cprops, (cl_device_type)1 << 40, NULL, NULL, ERRP));
        D(CL_SUCCESS, clRetainContext(C));
        D(CL_SUCCESS, clReleaseContext(C));
        D(CL_INVALID_VALUE, clGetContextInfo(C, 0x7777, 0, NULL, &sz));
        D(CL_INVALID_VALUE, clSetContextDestructorCallback(C, NULL, NULL));
    }
    if (group == 2) { /* dispatch_queue */
        /* queues */
        DN(CL_INVALID_DEVICE, clCreateCommandQueueWithProperties(C, NULL, NULL, ERRP));
        D(CL_SUCCESS, clRetainCommandQueue(Q));
        D(CL_SUCCESS, clReleaseCommandQueue(Q));
        D(CL_INVALID_VALUE, clGetCommandQueueInfo(Q, 0x7777, 0, NULL, &sz));
        DN(CL_INVALID_DEVICE, clCreateCommandQueue(C, NULL, 0, ERRP));
    }
    if (group == 3) { /* dispatch_mem */
        /* memory objects */
        cl_buffer_region reg = {0, 16};
        DN(CL_INVALID_BUFFER_SIZE, clCreateBuffer(C, CL_MEM_READ_WRITE, 0, NULL, ERRP));
        DN(CL_INVALID_VALUE, clCreateSubBuffer(B, CL_MEM_READ_WRITE, 0x7777, &reg, ERRP));
        DN(CL_INVALID_BUFFER_SIZE,
           clCreateBufferWithProperties(C, NULL, CL_MEM_READ_WRITE, 0, NULL, ERRP));
        if (images) {
            DN(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR,
               clCreateImage(C, CL_MEM_READ_WRITE, NULL, &desc, NULL, ERRP));
            DN(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR,
               clCreateImageWithProperties(C, NULL, CL_MEM_READ_WRITE, NULL, &desc, NULL, ERRP));
            DN(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR,
               clCreateImage2D(C, CL_MEM_READ_WRITE, NULL, 4, 4, 0, NULL, ERRP));
            DN(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR,
               clCreateImage3D(C, CL_MEM_READ_WRITE, NULL, 4, 4, 4, 0, 0, NULL, ERRP));
        } else {
            DN(CL_INVALID_OPERATION, clCreateImage(C, CL_MEM_READ_WRITE, &fmt, &desc, NULL, ERRP));
            DN(CL_INVALID_OPERATION,
               clCreateImageWithProperties(C, NULL, CL_MEM_READ_WRITE, &fmt, &desc, NULL, ERRP));
            DN(CL_INVALID_OPERATION,
               clCreateImage2D(C, CL_MEM_READ_WRITE, &fmt, 4, 4, 0, NULL, ERRP));
            DN(CL_INVALID_OPERATION,
               clCreateImage3D(C, CL_MEM_READ_WRITE, &fmt, 4, 4, 4, 0, 0, NULL, ERRP));
        }
        DN(pipes ? CL_INVALID_PIPE_SIZE : CL_INVALID_OPERATION,
           clCreatePipe(C, CL_MEM_READ_WRITE, pipes ? 0 : 4, 4, NULL, ERRP));
        D(CL_SUCCESS, clRetainMemObject(B));
        D(CL_SUCCESS, clReleaseMemObject(B));
        D(CL_INVALID_VALUE,
          clGetSupportedImageFormats(C, CL_MEM_READ_WRITE, CL_MEM_OBJECT_BUFFER, 0, NULL, &n));
        D(CL_INVALID_VALUE, clGetMemObjectInfo(B, 0x7777, 0, NULL, &sz));
        /* a buffer is not an image: "CL_INVALID_MEM_OBJECT if image is a not a valid image
         * object." */
        D(CL_INVALID_MEM_OBJECT, clGetImageInfo(B, CL_IMAGE_WIDTH, sizeof(sz), &sz, NULL));
        /* 3.0 adds "CL_INVALID_OPERATION if no devices in the context associated with pipe
         * support pipes" without ordering it against CL_INVALID_MEM_OBJECT: accept both */
        if (pipes)
            D(CL_INVALID_MEM_OBJECT, clGetPipeInfo(B, CL_PIPE_PACKET_SIZE, sizeof(n), &n, NULL));
        else
            D2(CL_INVALID_OPERATION, CL_INVALID_MEM_OBJECT,
               clGetPipeInfo(B, CL_PIPE_PACKET_SIZE, sizeof(n), &n, NULL));
        D(CL_INVALID_VALUE, clSetMemObjectDestructorCallback(B, NULL, NULL));
        /* clSVMAlloc reports errors by returning NULL */
        DNULL(clSVMAlloc(C, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY, 64, 0));
        clSVMFree(C, NULL);
        slots++;
    }
    if (group == 4) { /* dispatch_sampler */
        /* samplers */
        cl_sampler S = NULL;
        if (images) {
            cl_sampler_properties bad[] = {0x7777, 0, 0};
            DN(CL_INVALID_VALUE, clCreateSamplerWithProperties(C, bad, ERRP));
            DN(CL_INVALID_VALUE, clCreateSampler(C, CL_TRUE, 0x7777, CL_FILTER_NEAREST, ERRP));
            cl_sampler_properties sp[] = {CL_SAMPLER_NORMALIZED_COORDS, CL_FALSE, 0};
            S = clCreateSamplerWithProperties(C, sp, &err);
            CHECK_OK(err);
            conf_defer_sampler(t, S);
        } else {
            DN(CL_INVALID_OPERATION, clCreateSamplerWithProperties(C, NULL, ERRP));
            DN(CL_INVALID_OPERATION,
               clCreateSampler(C, CL_TRUE, CL_ADDRESS_CLAMP, CL_FILTER_NEAREST, ERRP));
        }
        if (S) {
            D(CL_SUCCESS, clRetainSampler(S));
            D(CL_SUCCESS, clReleaseSampler(S));
            D(CL_INVALID_VALUE, clGetSamplerInfo(S, 0x7777, 0, NULL, &sz));
        } else {
            conf_note(t, "clRetainSampler/clReleaseSampler/clGetSamplerInfo not exercised: no "
                         "sampler can exist without image support");
        }
    }
    if (group == 5) { /* dispatch_program */
        /* programs */
        DN(CL_INVALID_VALUE, clCreateProgramWithSource(C, 0, &src, NULL, ERRP));
        DN(CL_INVALID_VALUE, clCreateProgramWithBinary(C, 0, &Dv, NULL, NULL, NULL, ERRP));
        DN(CL_INVALID_VALUE, clCreateProgramWithBuiltInKernels(C, 1, &Dv, NULL, ERRP));
        if (il)
            DN(CL_INVALID_VALUE, clCreateProgramWithIL(C, NULL, 0, ERRP));
        else
            DN(CL_INVALID_OPERATION, clCreateProgramWithIL(C, spirv, sizeof(spirv), ERRP));
        D(CL_SUCCESS, clRetainProgram(Pg));
        D(CL_SUCCESS, clReleaseProgram(Pg));
        D(CL_INVALID_VALUE, clBuildProgram(Pg, 1, NULL, NULL, NULL, NULL));
        D(CL_INVALID_VALUE, clCompileProgram(Pg, 1, NULL, NULL, 0, NULL, NULL, NULL, NULL));
        DN(CL_INVALID_VALUE, clLinkProgram(C, 1, &Dv, NULL, 0, NULL, NULL, NULL, ERRP));
        /* CL_INVALID_VALUE (pfn_notify NULL) and 3.0's CL_INVALID_OPERATION (no program scope
         * global destructors) are unordered: accept both when the latter applies */
        if (conf_dev_size(t, Dv, CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE))
            D(CL_INVALID_VALUE, clSetProgramReleaseCallback(Pg, NULL, NULL));
        else
            D2(CL_INVALID_VALUE, CL_INVALID_OPERATION, clSetProgramReleaseCallback(Pg, NULL, NULL));
        D(CL_INVALID_PROGRAM, clSetProgramSpecializationConstant(Pg, 0, sizeof(i32), &i32));
        D(CL_SUCCESS, clUnloadPlatformCompiler(P));
        D(CL_INVALID_VALUE, clGetProgramInfo(Pg, 0x7777, 0, NULL, &sz));
        D(CL_INVALID_VALUE, clGetProgramBuildInfo(Pg, Dv, 0x7777, 0, NULL, &sz));
        DN(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernel(Pg, "k", ERRP));
        D(CL_INVALID_PROGRAM_EXECUTABLE, clCreateKernelsInProgram(Pg, 0, NULL, &n));
    }
    if (group == 6) { /* dispatch_kernel */
        /* kernels: need a built program */
        cl_kernel K = NULL;
        if (conf_has_compiler(t)) {
            cl_program built;
            REQUIRE_CREATE(built, clCreateProgramWithSource(C, 1, &src, NULL, ERRP));
            conf_defer_program(t, built);
            CHECK_OK(clBuildProgram(built, 1, &Dv, NULL, NULL, NULL));
            K = clCreateKernel(built, "k", &err);
            CHECK_OK(err);
            conf_defer_kernel(t, K);
        }
        if (K) {
            cl_kernel clone = clCloneKernel(K, &err);
            slot2(t, __LINE__, "clCloneKernel(K, &err)", clone ? err : 12345, CL_SUCCESS,
                  CL_SUCCESS);
            if (clone)
                clReleaseKernel(clone);
            D(CL_SUCCESS, clRetainKernel(K));
            D(CL_SUCCESS, clReleaseKernel(K));
            D(CL_INVALID_ARG_INDEX, clSetKernelArg(K, 99, sizeof(B), &B));
            D(svm ? CL_INVALID_ARG_INDEX : CL_INVALID_OPERATION,
              clSetKernelArgSVMPointer(K, 99, NULL));
            D(CL_INVALID_VALUE, clSetKernelExecInfo(K, 0x7777, sizeof(i32), &i32));
            D(CL_INVALID_VALUE, clGetKernelInfo(K, 0x7777, 0, NULL, &sz));
            /* CL_KERNEL_ARG_INFO_NOT_AVAILABLE (no -cl-kernel-arg-info) and
             * CL_INVALID_ARG_INDEX are unordered: accept both */
            D2(CL_INVALID_ARG_INDEX, CL_KERNEL_ARG_INFO_NOT_AVAILABLE,
               clGetKernelArgInfo(K, 99, CL_KERNEL_ARG_NAME, sizeof(buf), buf, NULL));
            D(CL_INVALID_VALUE, clGetKernelWorkGroupInfo(K, Dv, 0x7777, 0, NULL, &sz));
            size_t in = 1;
            if (subgroups)
                D(CL_INVALID_VALUE,
                  clGetKernelSubGroupInfo(K, Dv, 0x7777, sizeof(in), &in, 0, NULL, &sz));
            else
                D(CL_INVALID_OPERATION,
                  clGetKernelSubGroupInfo(K, Dv, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE,
                                          sizeof(in), &in, sizeof(sz), &sz, NULL));
        } else {
            conf_note(t, "13 cl_kernel entry points not exercised: no compiler on the device");
        }
    }
    if (group == 7) { /* dispatch_event */
        /* events */
        cl_event ue = clCreateUserEvent(C, &err);
        slot2(t, __LINE__, "clCreateUserEvent(C, &err)", ue ? err : 12345, CL_SUCCESS, CL_SUCCESS);
        if (ue) {
            clSetUserEventStatus(ue, CL_COMPLETE);
            clReleaseEvent(ue);
        }
        D(CL_SUCCESS, clRetainEvent(E));
        D(CL_SUCCESS, clReleaseEvent(E));
        D(CL_INVALID_VALUE, clGetEventInfo(E, 0x7777, 0, NULL, &sz));
        D(CL_INVALID_VALUE, clSetUserEventStatus(E, CL_RUNNING));
        D(CL_INVALID_VALUE, clSetEventCallback(E, 0x7777, ev_cb, NULL));
        D(CL_PROFILING_INFO_NOT_AVAILABLE,
          clGetEventProfilingInfo(E, CL_PROFILING_COMMAND_START, sizeof(u64), &u64, NULL));
        CHECK_OK(clSetUserEventStatus(E, CL_COMPLETE));
        D(CL_SUCCESS, clWaitForEvents(1, &E));
    }
    if (group == 8) { /* dispatch_enqueue */
        /* enqueue */
        D(CL_SUCCESS, clFlush(Q));
        D(CL_SUCCESS, clFinish(Q));
        D(CL_INVALID_VALUE, clEnqueueReadBuffer(Q, B, CL_TRUE, 0, 64, NULL, 0, NULL, NULL));
        D(CL_INVALID_VALUE, clEnqueueReadBufferRect(Q, B, CL_TRUE, zero3, zero3, region0, 0, 0, 0,
                                                    0, buf, 0, NULL, NULL));
        D(CL_INVALID_VALUE, clEnqueueWriteBuffer(Q, B, CL_TRUE, 0, 64, NULL, 0, NULL, NULL));
        D(CL_INVALID_VALUE, clEnqueueWriteBufferRect(Q, B, CL_TRUE, zero3, zero3, region0, 0, 0, 0,
                                                     0, buf, 0, NULL, NULL));
        D(CL_INVALID_VALUE, clEnqueueFillBuffer(Q, B, NULL, 4, 0, 64, 0, NULL, NULL));
        D(CL_MEM_COPY_OVERLAP, clEnqueueCopyBuffer(Q, B, B, 0, 8, 64, 0, NULL, NULL));
        D(CL_INVALID_VALUE,
          clEnqueueCopyBufferRect(Q, B, B, zero3, zero3, region0, 0, 0, 0, 0, 0, NULL, NULL));
        /* images: with image support a buffer passed as an image is CL_INVALID_MEM_OBJECT;
         * without it "CL_INVALID_OPERATION if the device associated with command_queue does not
         * support images" also applies, unordered: accept both */
        cl_int img_e1 = CL_INVALID_MEM_OBJECT, img_e2 = images ? img_e1 : CL_INVALID_OPERATION;
        float color[4] = {0};
        D2(img_e1, img_e2,
           clEnqueueReadImage(Q, B, CL_TRUE, zero3, region1, 0, 0, buf, 0, NULL, NULL));
        D2(img_e1, img_e2,
           clEnqueueWriteImage(Q, B, CL_TRUE, zero3, region1, 0, 0, buf, 0, NULL, NULL));
        D2(img_e1, img_e2, clEnqueueFillImage(Q, B, color, zero3, region1, 0, NULL, NULL));
        D2(img_e1, img_e2, clEnqueueCopyImage(Q, B, B, zero3, zero3, region1, 0, NULL, NULL));
        D2(img_e1, img_e2, clEnqueueCopyImageToBuffer(Q, B, B, zero3, region1, 0, 0, NULL, NULL));
        D2(img_e1, img_e2, clEnqueueCopyBufferToImage(Q, B, B, 0, zero3, region1, 0, NULL, NULL));
        size_t rp = 0;
        {
            cl_int e = 1;
            void *p = clEnqueueMapImage(Q, B, CL_TRUE, CL_MAP_READ, zero3, region1, &rp, NULL, 0,
                                        NULL, NULL, &e);
            slot2(t, __LINE__, "clEnqueueMapImage(Q, B, ...)", p ? 12345 : e, img_e1, img_e2);
        }
        DN(CL_INVALID_VALUE,
           clEnqueueMapBuffer(Q, B, CL_TRUE, CL_MAP_READ, 0, 0, 0, NULL, NULL, ERRP));
        D(CL_INVALID_VALUE, clEnqueueUnmapMemObject(Q, B, buf, 0, NULL, NULL));
        D(CL_INVALID_VALUE, clEnqueueMigrateMemObjects(Q, 0, NULL, 0, 0, NULL, NULL));
        if (native)
            D(CL_INVALID_VALUE,
              clEnqueueNativeKernel(Q, NULL, NULL, 0, 0, NULL, NULL, 0, NULL, NULL));
        else
            D(CL_INVALID_OPERATION,
              clEnqueueNativeKernel(Q, native_noop, NULL, 0, 0, NULL, NULL, 0, NULL, NULL));
        D(CL_INVALID_EVENT_WAIT_LIST, clEnqueueMarkerWithWaitList(Q, 1, NULL, NULL));
        D(CL_INVALID_EVENT_WAIT_LIST, clEnqueueBarrierWithWaitList(Q, 1, NULL, NULL));
        D(CL_INVALID_VALUE, clEnqueueMarker(Q, NULL));
        D(CL_INVALID_VALUE, clEnqueueWaitForEvents(Q, 0, NULL));
        D(CL_SUCCESS, clEnqueueBarrier(Q));
        size_t gws = 1;
        D(CL_INVALID_KERNEL, clEnqueueNDRangeKernel(Q, NULL, 1, NULL, &gws, NULL, 0, NULL, NULL));
        D(CL_INVALID_KERNEL, clEnqueueTask(Q, NULL, 0, NULL, NULL));
    }
    if (group == 9) { /* dispatch_svm */
        /* SVM enqueues: without SVM "CL_INVALID_OPERATION if the device associated with
         * command_queue does not support SVM" is unordered against CL_INVALID_VALUE */
        cl_int svm_e2 = svm ? CL_INVALID_VALUE : CL_INVALID_OPERATION;
        void *ptrs[1] = {buf};
        D2(CL_INVALID_VALUE, svm_e2, clEnqueueSVMFree(Q, 0, ptrs, NULL, NULL, 0, NULL, NULL));
        D2(CL_INVALID_VALUE, svm_e2, clEnqueueSVMMemcpy(Q, CL_TRUE, NULL, buf, 4, 0, NULL, NULL));
        D2(CL_INVALID_VALUE, svm_e2, clEnqueueSVMMemFill(Q, NULL, &i32, 4, 4, 0, NULL, NULL));
        D2(CL_INVALID_VALUE, svm_e2,
           clEnqueueSVMMap(Q, CL_TRUE, CL_MAP_READ, NULL, 4, 0, NULL, NULL));
        D2(CL_INVALID_VALUE, svm_e2, clEnqueueSVMUnmap(Q, NULL, 0, NULL, NULL));
        D2(CL_INVALID_VALUE, svm_e2, clEnqueueSVMMigrateMem(Q, 0, NULL, NULL, 0, 0, NULL, NULL));
    }
    if (group == 10) { /* dispatch_loader */
        /* loader-level and extension lookup */
        DNULL(clGetExtensionFunctionAddressForPlatform(P, "clHmmclNoSuchFunction"));
        DNULL(clGetExtensionFunctionAddress("clHmmclNoSuchFunction"));
        D(CL_SUCCESS, clUnloadCompiler());
        CHECK_OK(clFinish(Q));
        (void)nulldev;
    }
    conf_note(t, "%u entry points exercised", slots);
}

void dispatch_platform_device(conf_t *t)
{
    dispatch_group(t, 0);
}
void dispatch_context(conf_t *t)
{
    dispatch_group(t, 1);
}
void dispatch_queue(conf_t *t)
{
    dispatch_group(t, 2);
}
void dispatch_mem(conf_t *t)
{
    dispatch_group(t, 3);
}
void dispatch_sampler(conf_t *t)
{
    dispatch_group(t, 4);
}
void dispatch_program(conf_t *t)
{
    dispatch_group(t, 5);
}
void dispatch_kernel(conf_t *t)
{
    dispatch_group(t, 6);
}
void dispatch_event(conf_t *t)
{
    dispatch_group(t, 7);
}
void dispatch_enqueue(conf_t *t)
{
    dispatch_group(t, 8);
}
void dispatch_svm(conf_t *t)
{
    dispatch_group(t, 9);
}
void dispatch_loader(conf_t *t)
{
    dispatch_group(t, 10);
}

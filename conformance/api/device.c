/* api: device enumeration, every OpenCL 3.0 device query, sub-devices. */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void device_ids(conf_t *t)
{
    cl_uint n = 0, nall = 0;
    cl_device_id d = NULL;
    REQUIRE_OK(clGetDeviceIDs(t->platform, CL_DEVICE_TYPE_ALL, 0, NULL, &nall));
    REQUIRE(nall >= 1);
    /* "CL_INVALID_DEVICE_TYPE if device_type is not a valid value." */
    CHECK_ERR(CL_INVALID_DEVICE_TYPE,
              clGetDeviceIDs(t->platform, (cl_device_type)1 << 40, 1, &d, &n));
    /* "CL_INVALID_VALUE if num_entries is equal to zero and devices is not NULL or if
     * both num_devices and devices are NULL." */
    CHECK_ERR(CL_INVALID_VALUE, clGetDeviceIDs(t->platform, CL_DEVICE_TYPE_ALL, 0, &d, &n));
    CHECK_ERR(CL_INVALID_VALUE, clGetDeviceIDs(t->platform, CL_DEVICE_TYPE_ALL, 1, NULL, NULL));

    static const cl_device_type types[] = {CL_DEVICE_TYPE_CPU, CL_DEVICE_TYPE_GPU,
                                           CL_DEVICE_TYPE_ACCELERATOR, CL_DEVICE_TYPE_CUSTOM};
    cl_uint sum = 0;
    for (size_t i = 0; i < 4; i++) {
        cl_uint k = 0;
        cl_int err = clGetDeviceIDs(t->platform, types[i], 0, NULL, &k);
        /* "CL_DEVICE_NOT_FOUND if no OpenCL devices that matched device_type were found." */
        CHECK(err == CL_SUCCESS || err == CL_DEVICE_NOT_FOUND);
        if (err == CL_DEVICE_NOT_FOUND) {
            CHECK_EQ_U(0, k);
            CHECK_ERR(CL_DEVICE_NOT_FOUND, clGetDeviceIDs(t->platform, types[i], 1, &d, NULL));
        } else {
            CHECK(k >= 1);
        }
        sum += err == CL_SUCCESS ? k : 0;
    }
    CHECK_EQ_U(nall, sum);
    CHECK_OK(clGetDeviceIDs(t->platform, CL_DEVICE_TYPE_DEFAULT, 0, NULL, &n));
    CHECK(n >= 1);
    CHECK_OK(clGetDeviceIDs(t->platform, CL_DEVICE_TYPE_DEFAULT, 1, &d, NULL));
    cl_device_type dt = 0;
    CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_TYPE, sizeof(dt), &dt, NULL));
    /* the CL_DEVICE_TYPE_DEFAULT device is one of CL_DEVICE_TYPE_ALL; every device reports a
     * single type: "CL_DEVICE_TYPE_DEFAULT is not a device type" but a selector (3.0.14) */
    cl_device_id *all = calloc(nall, sizeof(*all));
    conf_defer_free(t, all);
    CHECK_OK(clGetDeviceIDs(t->platform, CL_DEVICE_TYPE_ALL, nall, all, NULL));
    bool listed = false;
    for (cl_uint i = 0; i < nall; i++) {
        cl_device_type ty = 0;
        cl_platform_id p = NULL;
        CHECK_OK(clGetDeviceInfo(all[i], CL_DEVICE_TYPE, sizeof(ty), &ty, NULL));
        CHECK_OK(clGetDeviceInfo(all[i], CL_DEVICE_PLATFORM, sizeof(p), &p, NULL));
        CHECK_EQ_P(t->platform, p);
        listed |= all[i] == d;
        CHECK((ty & ~(cl_device_type)(CL_DEVICE_TYPE_CPU | CL_DEVICE_TYPE_GPU |
                                      CL_DEVICE_TYPE_ACCELERATOR | CL_DEVICE_TYPE_CUSTOM)) == 0);
        CHECK_MSG(ty && !(ty & (ty - 1)), "CL_DEVICE_TYPE 0x%llx is not a single type",
                  (unsigned long long)ty);
    }
    CHECK_MSG(listed, "the CL_DEVICE_TYPE_DEFAULT device is not among CL_DEVICE_TYPE_ALL");
}

enum kind { K_UINT, K_ULONG, K_SIZE, K_BOOL, K_BITS, K_STRING, K_PTR, K_SIZES, K_NV, K_PROPS };

static const struct dev_query {
    cl_device_info param;
    const char *name;
    enum kind kind;
} queries[] = {
#define Q(p, k)                                                                                    \
    {                                                                                              \
        p, #p, k                                                                                   \
    }
    Q(CL_DEVICE_TYPE, K_BITS),
    Q(CL_DEVICE_VENDOR_ID, K_UINT),
    Q(CL_DEVICE_MAX_COMPUTE_UNITS, K_UINT),
    Q(CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS, K_UINT),
    Q(CL_DEVICE_MAX_WORK_ITEM_SIZES, K_SIZES),
    Q(CL_DEVICE_MAX_WORK_GROUP_SIZE, K_SIZE),
    Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_CHAR, K_UINT),
    Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_SHORT, K_UINT),
    Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT, K_UINT),
    Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_LONG, K_UINT),
    Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT, K_UINT),
    Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE, K_UINT),
    Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF, K_UINT),
    Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_CHAR, K_UINT),
    Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_SHORT, K_UINT),
    Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_INT, K_UINT),
    Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_LONG, K_UINT),
    Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT, K_UINT),
    Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_DOUBLE, K_UINT),
    Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_HALF, K_UINT),
    Q(CL_DEVICE_MAX_CLOCK_FREQUENCY, K_UINT),
    Q(CL_DEVICE_ADDRESS_BITS, K_UINT),
    Q(CL_DEVICE_MAX_MEM_ALLOC_SIZE, K_ULONG),
    Q(CL_DEVICE_IMAGE_SUPPORT, K_BOOL),
    Q(CL_DEVICE_MAX_READ_IMAGE_ARGS, K_UINT),
    Q(CL_DEVICE_MAX_WRITE_IMAGE_ARGS, K_UINT),
    Q(CL_DEVICE_MAX_READ_WRITE_IMAGE_ARGS, K_UINT),
    Q(CL_DEVICE_IL_VERSION, K_STRING),
    Q(CL_DEVICE_ILS_WITH_VERSION, K_NV),
    Q(CL_DEVICE_IMAGE2D_MAX_WIDTH, K_SIZE),
    Q(CL_DEVICE_IMAGE2D_MAX_HEIGHT, K_SIZE),
    Q(CL_DEVICE_IMAGE3D_MAX_WIDTH, K_SIZE),
    Q(CL_DEVICE_IMAGE3D_MAX_HEIGHT, K_SIZE),
    Q(CL_DEVICE_IMAGE3D_MAX_DEPTH, K_SIZE),
    Q(CL_DEVICE_IMAGE_MAX_BUFFER_SIZE, K_SIZE),
    Q(CL_DEVICE_IMAGE_MAX_ARRAY_SIZE, K_SIZE),
    Q(CL_DEVICE_MAX_SAMPLERS, K_UINT),
    Q(CL_DEVICE_IMAGE_PITCH_ALIGNMENT, K_UINT),
    Q(CL_DEVICE_IMAGE_BASE_ADDRESS_ALIGNMENT, K_UINT),
    Q(CL_DEVICE_MAX_PIPE_ARGS, K_UINT),
    Q(CL_DEVICE_PIPE_MAX_ACTIVE_RESERVATIONS, K_UINT),
    Q(CL_DEVICE_PIPE_MAX_PACKET_SIZE, K_UINT),
    Q(CL_DEVICE_MAX_PARAMETER_SIZE, K_SIZE),
    Q(CL_DEVICE_MEM_BASE_ADDR_ALIGN, K_UINT),
    Q(CL_DEVICE_MIN_DATA_TYPE_ALIGN_SIZE, K_UINT),
    Q(CL_DEVICE_SINGLE_FP_CONFIG, K_BITS),
    Q(CL_DEVICE_DOUBLE_FP_CONFIG, K_BITS),
    Q(CL_DEVICE_GLOBAL_MEM_CACHE_TYPE, K_UINT),
    Q(CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE, K_UINT),
    Q(CL_DEVICE_GLOBAL_MEM_CACHE_SIZE, K_ULONG),
    Q(CL_DEVICE_GLOBAL_MEM_SIZE, K_ULONG),
    Q(CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE, K_ULONG),
    Q(CL_DEVICE_MAX_CONSTANT_ARGS, K_UINT),
    Q(CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE, K_SIZE),
    Q(CL_DEVICE_GLOBAL_VARIABLE_PREFERRED_TOTAL_SIZE, K_SIZE),
    Q(CL_DEVICE_LOCAL_MEM_TYPE, K_UINT),
    Q(CL_DEVICE_LOCAL_MEM_SIZE, K_ULONG),
    Q(CL_DEVICE_ERROR_CORRECTION_SUPPORT, K_BOOL),
    Q(CL_DEVICE_HOST_UNIFIED_MEMORY, K_BOOL),
    Q(CL_DEVICE_PROFILING_TIMER_RESOLUTION, K_SIZE),
    Q(CL_DEVICE_ENDIAN_LITTLE, K_BOOL),
    Q(CL_DEVICE_AVAILABLE, K_BOOL),
    Q(CL_DEVICE_COMPILER_AVAILABLE, K_BOOL),
    Q(CL_DEVICE_LINKER_AVAILABLE, K_BOOL),
    Q(CL_DEVICE_EXECUTION_CAPABILITIES, K_BITS),
    Q(CL_DEVICE_QUEUE_ON_HOST_PROPERTIES, K_BITS),
    Q(CL_DEVICE_QUEUE_ON_DEVICE_PROPERTIES, K_BITS),
    Q(CL_DEVICE_QUEUE_ON_DEVICE_PREFERRED_SIZE, K_UINT),
    Q(CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE, K_UINT),
    Q(CL_DEVICE_MAX_ON_DEVICE_QUEUES, K_UINT),
    Q(CL_DEVICE_MAX_ON_DEVICE_EVENTS, K_UINT),
    Q(CL_DEVICE_BUILT_IN_KERNELS, K_STRING),
    Q(CL_DEVICE_BUILT_IN_KERNELS_WITH_VERSION, K_NV),
    Q(CL_DEVICE_PLATFORM, K_PTR),
    Q(CL_DEVICE_NAME, K_STRING),
    Q(CL_DEVICE_VENDOR, K_STRING),
    Q(CL_DRIVER_VERSION, K_STRING),
    Q(CL_DEVICE_PROFILE, K_STRING),
    Q(CL_DEVICE_VERSION, K_STRING),
    Q(CL_DEVICE_NUMERIC_VERSION, K_UINT),
    Q(CL_DEVICE_OPENCL_C_VERSION, K_STRING),
    Q(CL_DEVICE_OPENCL_C_ALL_VERSIONS, K_NV),
    Q(CL_DEVICE_OPENCL_C_FEATURES, K_NV),
    Q(CL_DEVICE_EXTENSIONS, K_STRING),
    Q(CL_DEVICE_EXTENSIONS_WITH_VERSION, K_NV),
    Q(CL_DEVICE_PRINTF_BUFFER_SIZE, K_SIZE),
    Q(CL_DEVICE_PREFERRED_INTEROP_USER_SYNC, K_BOOL),
    Q(CL_DEVICE_PARENT_DEVICE, K_PTR),
    Q(CL_DEVICE_PARTITION_MAX_SUB_DEVICES, K_UINT),
    Q(CL_DEVICE_PARTITION_PROPERTIES, K_PROPS),
    Q(CL_DEVICE_PARTITION_AFFINITY_DOMAIN, K_BITS),
    Q(CL_DEVICE_PARTITION_TYPE, K_PROPS),
    Q(CL_DEVICE_REFERENCE_COUNT, K_UINT),
    Q(CL_DEVICE_SVM_CAPABILITIES, K_BITS),
    Q(CL_DEVICE_PREFERRED_PLATFORM_ATOMIC_ALIGNMENT, K_UINT),
    Q(CL_DEVICE_PREFERRED_GLOBAL_ATOMIC_ALIGNMENT, K_UINT),
    Q(CL_DEVICE_PREFERRED_LOCAL_ATOMIC_ALIGNMENT, K_UINT),
    Q(CL_DEVICE_MAX_NUM_SUB_GROUPS, K_UINT),
    Q(CL_DEVICE_SUB_GROUP_INDEPENDENT_FORWARD_PROGRESS, K_BOOL),
    Q(CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES, K_BITS),
    Q(CL_DEVICE_ATOMIC_FENCE_CAPABILITIES, K_BITS),
    Q(CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT, K_BOOL),
    Q(CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT, K_BOOL),
    Q(CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT, K_BOOL),
    Q(CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES, K_BITS),
    Q(CL_DEVICE_PIPE_SUPPORT, K_BOOL),
    Q(CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, K_SIZE),
    Q(CL_DEVICE_LATEST_CONFORMANCE_VERSION_PASSED, K_STRING),
#undef Q
};

void device_queries(conf_t *t)
{
    for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        const struct dev_query *q = &queries[i];
        size_t n = 0;
        cl_int err = clGetDeviceInfo(t->device, q->param, 0, NULL, &n);
        t->checks++;
        if (err != CL_SUCCESS) {
            conf_fail(t, __FILE__, __LINE__, "clGetDeviceInfo(%s): %s", q->name,
                      conf_err_name(err));
            continue;
        }
        size_t expect = 0;
        switch (q->kind) {
        case K_UINT:
            expect = sizeof(cl_uint);
            break;
        case K_ULONG:
        case K_BITS:
            expect = sizeof(cl_ulong);
            break;
        case K_SIZE:
            expect = sizeof(size_t);
            break;
        case K_BOOL:
            expect = sizeof(cl_bool);
            break;
        case K_PTR:
            expect = sizeof(void *);
            break;
        default:
            break;
        }
        t->checks++;
        if (expect && n != expect)
            conf_fail(t, __FILE__, __LINE__, "%s: size %zu, expected %zu", q->name, n, expect);
        if (q->kind == K_STRING && n == 0)
            conf_fail(t, __FILE__, __LINE__, "%s: size 0 (strings include the NUL)", q->name);
        if (q->kind == K_NV && n % sizeof(cl_name_version))
            conf_fail(t, __FILE__, __LINE__, "%s: size %zu not a multiple of cl_name_version",
                      q->name, n);
        if ((q->kind == K_SIZES && n % sizeof(size_t)) ||
            (q->kind == K_PROPS && n % sizeof(cl_device_partition_property)))
            conf_fail(t, __FILE__, __LINE__, "%s: size %zu not a multiple of the element", q->name,
                      n);
        unsigned char *buf = calloc(1, n + 16);
        CHECK_OK(clGetDeviceInfo(t->device, q->param, n, buf, NULL));
        if (q->kind == K_STRING) {
            CHECK_MSG(n > 0 && buf[n - 1] == '\0' && strlen((char *)buf) == n - 1,
                      "%s: string length does not match the returned size", q->name);
        }
        if (q->kind == K_BOOL) {
            cl_bool b;
            memcpy(&b, buf, sizeof(b));
            CHECK_MSG(b == CL_TRUE || b == CL_FALSE, "%s: cl_bool value %u", q->name, b);
        }
        free(buf);
    }
}

static bool nv_has(const cl_name_version *nv, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(nv[i].name, name) == 0)
            return true;
    return false;
}

static cl_name_version *get_nv(conf_t *t, cl_device_info param, size_t *count)
{
    size_t sz = 0;
    clGetDeviceInfo(t->device, param, 0, NULL, &sz);
    cl_name_version *nv = calloc(1, sz + sizeof(*nv));
    conf_defer_free(t, nv);
    CHECK_OK(clGetDeviceInfo(t->device, param, sz, nv, NULL));
    *count = sz / sizeof(*nv);
    return nv;
}

void device_versions(conf_t *t)
{
    const char *v = conf_dev_string(t, t->device, CL_DEVICE_VERSION);
    int major = 0, minor = 0;
    CHECK_MSG(v && sscanf(v, "OpenCL %d.%d ", &major, &minor) == 2 && major == 3 && minor == 0 &&
                  v[10] == ' ',
              "CL_DEVICE_VERSION \"%s\" is not \"OpenCL 3.0 <vendor-specific>\"", v ? v : "");
    cl_version nv = conf_dev_uint(t, t->device, CL_DEVICE_NUMERIC_VERSION);
    CHECK_EQ_U(3, CL_VERSION_MAJOR(nv));
    CHECK_EQ_U(0, CL_VERSION_MINOR(nv));

    const char *profile = conf_dev_string(t, t->device, CL_DEVICE_PROFILE);
    CHECK(profile &&
          (strcmp(profile, "FULL_PROFILE") == 0 || strcmp(profile, "EMBEDDED_PROFILE") == 0));
    const char *drv = conf_dev_string(t, t->device, CL_DRIVER_VERSION);
    CHECK(drv && drv[0]);
    const char *conf = conf_dev_string(t, t->device, CL_DEVICE_LATEST_CONFORMANCE_VERSION_PASSED);
    CHECK(conf != NULL);

    /* "The version returned by CL_DEVICE_OPENCL_C_VERSION is required to be present
     * in the list" (CL_DEVICE_OPENCL_C_ALL_VERSIONS). */
    const char *cv = conf_dev_string(t, t->device, CL_DEVICE_OPENCL_C_VERSION);
    int cmaj = 0, cmin = 0;
    CHECK_MSG(cv && sscanf(cv, "OpenCL C %d.%d", &cmaj, &cmin) == 2,
              "CL_DEVICE_OPENCL_C_VERSION \"%s\" is not \"OpenCL C <major>.<minor> ...\"",
              cv ? cv : "");
    size_t nall = 0;
    cl_name_version *all = get_nv(t, CL_DEVICE_OPENCL_C_ALL_VERSIONS, &nall);
    if (conf_has_compiler(t)) {
        bool found = false;
        for (size_t i = 0; i < nall; i++) {
            CHECK_MSG(strcmp(all[i].name, "OpenCL C") == 0,
                      "CL_DEVICE_OPENCL_C_ALL_VERSIONS entry named \"%s\"", all[i].name);
            found |= (int)CL_VERSION_MAJOR(all[i].version) == cmaj &&
                     (int)CL_VERSION_MINOR(all[i].version) == cmin;
        }
        CHECK_MSG(found,
                  "OpenCL C %d.%d (CL_DEVICE_OPENCL_C_VERSION) missing from "
                  "CL_DEVICE_OPENCL_C_ALL_VERSIONS",
                  cmaj, cmin);
    }

    size_t next = 0;
    cl_name_version *ext = get_nv(t, CL_DEVICE_EXTENSIONS_WITH_VERSION, &next);
    check_name_version_vs_string(t, "CL_DEVICE_EXTENSIONS",
                                 conf_dev_string(t, t->device, CL_DEVICE_EXTENSIONS), ext, next);
    size_t nil = 0;
    cl_name_version *il = get_nv(t, CL_DEVICE_ILS_WITH_VERSION, &nil);
    const char *ilv = conf_dev_string(t, t->device, CL_DEVICE_IL_VERSION);
    /* CL_DEVICE_IL_VERSION lists "<prefix>_<major>.<minor>" words */
    size_t ilwords = 0;
    char *copy = strdup(ilv ? ilv : "");
    for (char *s = NULL, *w = strtok_r(copy, " ", &s); w; w = strtok_r(NULL, " ", &s)) {
        ilwords++;
        char *us = strrchr(w, '_');
        int a = -1, b = -1;
        CHECK_MSG(us && sscanf(us + 1, "%d.%d", &a, &b) == 2, "IL version word \"%s\"", w);
        bool found = false;
        for (size_t i = 0; us && i < nil; i++)
            found |= strncmp(il[i].name, w, (size_t)(us - w)) == 0 &&
                     (int)CL_VERSION_MAJOR(il[i].version) == a &&
                     (int)CL_VERSION_MINOR(il[i].version) == b;
        CHECK_MSG(found, "IL \"%s\" missing from CL_DEVICE_ILS_WITH_VERSION", w);
    }
    free(copy);
    CHECK_EQ_U(ilwords, nil);

    size_t nbk = 0;
    cl_name_version *bk = get_nv(t, CL_DEVICE_BUILT_IN_KERNELS_WITH_VERSION, &nbk);
    const char *bks = conf_dev_string(t, t->device, CL_DEVICE_BUILT_IN_KERNELS);
    size_t bkwords = 0;
    copy = strdup(bks ? bks : "");
    for (char *s = NULL, *w = strtok_r(copy, ";", &s); w; w = strtok_r(NULL, ";", &s)) {
        bkwords++;
        CHECK_MSG(nv_has(bk, nbk, w), "built-in kernel \"%s\" missing from _WITH_VERSION", w);
    }
    free(copy);
    CHECK_EQ_U(bkwords, nbk);
}

/* Feature macros vs capability queries. The Khronos CTS (compiler/test_feature_macro)
 * requires each optional feature to be reported in CL_DEVICE_OPENCL_C_FEATURES exactly
 * when the matching API capability is reported; we check the same pairs here. */
void device_features(conf_t *t)
{
    size_t n = 0;
    cl_name_version *f = get_nv(t, CL_DEVICE_OPENCL_C_FEATURES, &n);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(strncmp(f[i].name, "__opencl_c_", 11) == 0, "feature \"%s\"", f[i].name);
    if (!conf_has_compiler(t))
        return;
    cl_device_atomic_capabilities mem =
        conf_dev_ulong(t, t->device, CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES);
    cl_device_atomic_capabilities fence =
        conf_dev_ulong(t, t->device, CL_DEVICE_ATOMIC_FENCE_CAPABILITIES);
    struct {
        const char *feature;
        bool api;
    } pairs[] = {
        {"__opencl_c_atomic_order_acq_rel", (mem & CL_DEVICE_ATOMIC_ORDER_ACQ_REL) != 0},
        {"__opencl_c_atomic_order_seq_cst", (mem & CL_DEVICE_ATOMIC_ORDER_SEQ_CST) != 0},
        {"__opencl_c_atomic_scope_device", (mem & CL_DEVICE_ATOMIC_SCOPE_DEVICE) != 0},
        {"__opencl_c_atomic_scope_all_devices", (mem & CL_DEVICE_ATOMIC_SCOPE_ALL_DEVICES) != 0},
        {"__opencl_c_images", conf_has_images(t)},
        {"__opencl_c_pipes", conf_dev_bool(t, t->device, CL_DEVICE_PIPE_SUPPORT) != 0},
        {"__opencl_c_generic_address_space",
         conf_dev_bool(t, t->device, CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT) != 0},
        {"__opencl_c_device_enqueue", conf_dev_enqueue_caps(t, t->device) != 0},
        {"__opencl_c_program_scope_global_variables",
         conf_dev_size(t, t->device, CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE) != 0},
        {"__opencl_c_work_group_collective_functions",
         conf_dev_bool(t, t->device, CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT) != 0},
        {"__opencl_c_subgroups", conf_dev_uint(t, t->device, CL_DEVICE_MAX_NUM_SUB_GROUPS) != 0},
        {"__opencl_c_fp64", conf_dev_ulong(t, t->device, CL_DEVICE_DOUBLE_FP_CONFIG) != 0},
        {"__opencl_c_read_write_images",
         conf_dev_uint(t, t->device, CL_DEVICE_MAX_READ_WRITE_IMAGE_ARGS) != 0},
    };
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        bool feat = nv_has(f, n, pairs[i].feature);
        CHECK_MSG(feat == pairs[i].api,
                  "%s is %s in CL_DEVICE_OPENCL_C_FEATURES but the API "
                  "capability is %s",
                  pairs[i].feature, feat ? "present" : "absent",
                  pairs[i].api ? "reported" : "not reported");
    }
    if (nv_has(f, n, "__opencl_c_3d_image_writes"))
        CHECK_MSG(nv_has(f, n, "__opencl_c_images"), "3d_image_writes without images");
    /* "The mandated minimum capability is: CL_DEVICE_ATOMIC_ORDER_RELAXED |
     * CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP" (memory) and "CL_DEVICE_ATOMIC_ORDER_RELAXED |
     * CL_DEVICE_ATOMIC_ORDER_ACQ_REL | CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP" (fence). */
    CHECK_EQ_U(CL_DEVICE_ATOMIC_ORDER_RELAXED | CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP,
               mem & (CL_DEVICE_ATOMIC_ORDER_RELAXED | CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP));
    cl_device_atomic_capabilities fmin = CL_DEVICE_ATOMIC_ORDER_RELAXED |
                                         CL_DEVICE_ATOMIC_ORDER_ACQ_REL |
                                         CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP;
    CHECK_EQ_U(fmin, fence & fmin);
}

void device_limits(conf_t *t)
{
    cl_device_id d = t->device;
    const char *profile = conf_dev_string(t, d, CL_DEVICE_PROFILE);
    bool full = profile && strcmp(profile, "FULL_PROFILE") == 0;
    cl_device_type type = conf_dev_ulong(t, d, CL_DEVICE_TYPE);
    bool custom = (type & CL_DEVICE_TYPE_CUSTOM) != 0;
    CHECK(type != 0);
    cl_platform_id p = NULL;
    CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_PLATFORM, sizeof(p), &p, NULL));
    CHECK_EQ_P(t->platform, p);
    CHECK(conf_dev_uint(t, d, CL_DEVICE_MAX_COMPUTE_UNITS) >= 1);
    CHECK(conf_dev_bool(t, d, CL_DEVICE_AVAILABLE) == CL_TRUE);
    cl_uint dims = conf_dev_uint(t, d, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS);
    if (!custom)
        CHECK(dims >= 3);
    size_t sz = 0;
    CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_MAX_WORK_ITEM_SIZES, 0, NULL, &sz));
    CHECK_EQ_U(dims * sizeof(size_t), sz);
    size_t wis[16] = {0};
    if (dims <= 16 && sz <= sizeof(wis)) {
        CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_MAX_WORK_ITEM_SIZES, sz, wis, NULL));
        for (cl_uint i = 0; i < dims && !custom; i++)
            CHECK(wis[i] >= 1);
    }
    CHECK(conf_dev_size(t, d, CL_DEVICE_MAX_WORK_GROUP_SIZE) >= 1);
    cl_uint bits = conf_dev_uint(t, d, CL_DEVICE_ADDRESS_BITS);
    CHECK(bits == 32 || bits == 64);
    cl_ulong gmem = conf_dev_ulong(t, d, CL_DEVICE_GLOBAL_MEM_SIZE);
    cl_ulong alloc = conf_dev_ulong(t, d, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
    CHECK(gmem > 0);
    if (!custom) {
        /* "max(min(1024 × 1024 × 1024, 1/4th of CL_DEVICE_GLOBAL_MEM_SIZE), 32 × 1024 × 1024)" */
        cl_ulong q = gmem / 4 < (1ull << 30) ? gmem / 4 : (1ull << 30);
        cl_ulong min = q > (32ull << 20) ? q : (32ull << 20);
        CHECK_MSG(alloc >= min, "CL_DEVICE_MAX_MEM_ALLOC_SIZE %llu < %llu",
                  (unsigned long long)alloc, (unsigned long long)min);
        CHECK(conf_dev_ulong(t, d, CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE) >= 64 * 1024 || !full);
        CHECK(conf_dev_uint(t, d, CL_DEVICE_MAX_CONSTANT_ARGS) >= (full ? 8u : 4u));
        CHECK(conf_dev_ulong(t, d, CL_DEVICE_LOCAL_MEM_SIZE) >= (full ? 32u : 1u) * 1024);
        CHECK(conf_dev_size(t, d, CL_DEVICE_MAX_PARAMETER_SIZE) >= (full ? 1024u : 256u));
        /* minimum is the size in bits of the largest built-in type: long16 (full profile) */
        CHECK(conf_dev_uint(t, d, CL_DEVICE_MEM_BASE_ADDR_ALIGN) >= (full ? 1024u : 512u));
        CHECK(conf_dev_size(t, d, CL_DEVICE_PRINTF_BUFFER_SIZE) >= (full ? 1024u * 1024 : 1024u));
    }
    CHECK(alloc <= gmem);
    cl_device_fp_config sp = conf_dev_ulong(t, d, CL_DEVICE_SINGLE_FP_CONFIG);
    if (full && !custom)
        CHECK_EQ_U(CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN,
                   sp & (CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN));
    cl_device_fp_config dp = conf_dev_ulong(t, d, CL_DEVICE_DOUBLE_FP_CONFIG);
    if (dp) {
        cl_device_fp_config req = CL_FP_FMA | CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN | CL_FP_DENORM;
        CHECK_EQ_U(req, dp & req);
        CHECK(conf_has_extension(t, d, "cl_khr_fp64"));
    } else {
        CHECK(!conf_has_extension(t, d, "cl_khr_fp64"));
    }
    cl_command_queue_properties qp = conf_dev_ulong(t, d, CL_DEVICE_QUEUE_ON_HOST_PROPERTIES);
    /* "The mandated minimum capability is: CL_QUEUE_PROFILING_ENABLE." */
    CHECK(qp & CL_QUEUE_PROFILING_ENABLE);
    CHECK((qp & ~(cl_ulong)(CL_QUEUE_PROFILING_ENABLE | CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE)) ==
          0);
    cl_device_exec_capabilities ex = conf_dev_ulong(t, d, CL_DEVICE_EXECUTION_CAPABILITIES);
    CHECK(ex & CL_EXEC_KERNEL);
    CHECK(conf_dev_size(t, d, CL_DEVICE_PROFILING_TIMER_RESOLUTION) > 0);
    if (!conf_has_compiler(t))
        CHECK_EQ_U(CL_FALSE, conf_dev_bool(t, d, CL_DEVICE_LINKER_AVAILABLE));

    cl_device_svm_capabilities svm = conf_dev_ulong(t, d, CL_DEVICE_SVM_CAPABILITIES);
    /* SVM is optional in 3.0; a device reporting any SVM must support coarse-grain buffers. */
    if (svm)
        CHECK(svm & CL_DEVICE_SVM_COARSE_GRAIN_BUFFER);
    if (svm & CL_DEVICE_SVM_ATOMICS)
        CHECK(svm & (CL_DEVICE_SVM_FINE_GRAIN_BUFFER | CL_DEVICE_SVM_FINE_GRAIN_SYSTEM));
    CHECK((svm & ~(cl_ulong)(CL_DEVICE_SVM_COARSE_GRAIN_BUFFER | CL_DEVICE_SVM_FINE_GRAIN_BUFFER |
                             CL_DEVICE_SVM_FINE_GRAIN_SYSTEM | CL_DEVICE_SVM_ATOMICS)) == 0);

    if (conf_has_images(t) && full) {
        CHECK(conf_dev_uint(t, d, CL_DEVICE_MAX_READ_IMAGE_ARGS) >= 128);
        CHECK(conf_dev_uint(t, d, CL_DEVICE_MAX_WRITE_IMAGE_ARGS) >= 64);
        CHECK(conf_dev_size(t, d, CL_DEVICE_IMAGE2D_MAX_WIDTH) >= 16384);
        CHECK(conf_dev_size(t, d, CL_DEVICE_IMAGE2D_MAX_HEIGHT) >= 16384);
        CHECK(conf_dev_size(t, d, CL_DEVICE_IMAGE3D_MAX_WIDTH) >= 2048);
        CHECK(conf_dev_size(t, d, CL_DEVICE_IMAGE_MAX_BUFFER_SIZE) >= 65536);
        CHECK(conf_dev_size(t, d, CL_DEVICE_IMAGE_MAX_ARRAY_SIZE) >= 2048);
        CHECK(conf_dev_uint(t, d, CL_DEVICE_MAX_SAMPLERS) >= 16);
    } else if (!conf_has_images(t)) {
        CHECK_EQ_U(0, conf_dev_uint(t, d, CL_DEVICE_MAX_READ_IMAGE_ARGS));
        CHECK_EQ_U(0, conf_dev_uint(t, d, CL_DEVICE_MAX_SAMPLERS));
    }
    if (!conf_dev_bool(t, d, CL_DEVICE_PIPE_SUPPORT)) {
        CHECK_EQ_U(0, conf_dev_uint(t, d, CL_DEVICE_MAX_PIPE_ARGS));
        CHECK_EQ_U(0, conf_dev_uint(t, d, CL_DEVICE_PIPE_MAX_PACKET_SIZE));
    }
    if (conf_dev_enqueue_caps(t, d) == 0) {
        CHECK_EQ_U(0, conf_dev_ulong(t, d, CL_DEVICE_QUEUE_ON_DEVICE_PROPERTIES));
        CHECK_EQ_U(0, conf_dev_uint(t, d, CL_DEVICE_MAX_ON_DEVICE_QUEUES));
    }
    /* root device */
    cl_device_id parent = (cl_device_id)1;
    CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_PARENT_DEVICE, sizeof(parent), &parent, NULL));
    CHECK_EQ_P(NULL, parent);
    CHECK_EQ_U(1, conf_dev_uint(t, d, CL_DEVICE_REFERENCE_COUNT));
    /* "If device is a root-level device, a param_value_size_ret of 0 is returned" or a
     * property list holding just 0 (the CTS accepts both). */
    CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_PARTITION_TYPE, 0, NULL, &sz));
    CHECK(sz == 0 || sz == sizeof(cl_device_partition_property));
    CHECK(conf_dev_bool(t, d, CL_DEVICE_ENDIAN_LITTLE) == CL_TRUE ||
          conf_dev_bool(t, d, CL_DEVICE_ENDIAN_LITTLE) == CL_FALSE);
}

void device_info_errors(conf_t *t)
{
    char buf[2];
    size_t n = 0;
    cl_uint u = 0;
    CHECK_ERR(CL_INVALID_VALUE, clGetDeviceInfo(t->device, 0x7fff, sizeof(buf), buf, &n));
    CHECK_ERR(CL_INVALID_VALUE, clGetDeviceInfo(t->device, 0x7fff, 0, NULL, &n));
    CHECK_ERR(CL_INVALID_VALUE, clGetDeviceInfo(t->device, CL_DEVICE_NAME, 1, buf, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetDeviceInfo(t->device, CL_DEVICE_MAX_COMPUTE_UNITS, 2, &u, NULL));
    CHECK_ERR(CL_INVALID_VALUE,
              clGetDeviceInfo(t->device, CL_PLATFORM_NAME, sizeof(buf), buf, NULL));
    CHECK_OK(clGetDeviceInfo(t->device, CL_DEVICE_NAME, 0, NULL, NULL));
}

void device_retain_release(conf_t *t)
{
    /* root devices: retain/release succeed and leave the count at 1 */
    CHECK_OK(clRetainDevice(t->device));
    CHECK_EQ_U(1, conf_dev_uint(t, t->device, CL_DEVICE_REFERENCE_COUNT));
    CHECK_OK(clReleaseDevice(t->device));
    CHECK_EQ_U(1, conf_dev_uint(t, t->device, CL_DEVICE_REFERENCE_COUNT));
}

void sub_devices(conf_t *t)
{
    cl_device_id d = t->device;
    cl_uint maxsub = conf_dev_uint(t, d, CL_DEVICE_PARTITION_MAX_SUB_DEVICES);
    cl_uint cus = conf_dev_uint(t, d, CL_DEVICE_MAX_COMPUTE_UNITS);
    size_t sz = 0;
    CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_PARTITION_PROPERTIES, 0, NULL, &sz));
    cl_device_partition_property pp[8] = {0};
    if (sz <= sizeof(pp))
        CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_PARTITION_PROPERTIES, sz, pp, NULL));
    bool equally = false, counts = false;
    for (size_t i = 0; i < sz / sizeof(pp[0]); i++) {
        equally |= pp[i] == CL_DEVICE_PARTITION_EQUALLY;
        counts |= pp[i] == CL_DEVICE_PARTITION_BY_COUNTS;
    }
    cl_device_id out[64];
    cl_uint nout = 0;
    /* "CL_INVALID_VALUE if values specified in properties are not valid or if values
     * specified in properties are valid but not supported by the device." */
    CHECK_ERR(CL_INVALID_VALUE, clCreateSubDevices(d, NULL, 1, out, &nout));
    cl_device_partition_property bogus[] = {0x7777, 1, 0};
    CHECK_ERR(CL_INVALID_VALUE, clCreateSubDevices(d, bogus, 64, out, &nout));
    cl_device_partition_property empty[] = {0};
    CHECK_ERR(CL_INVALID_VALUE, clCreateSubDevices(d, empty, 64, out, &nout));
    cl_device_partition_property eq1[] = {CL_DEVICE_PARTITION_EQUALLY, 1, 0};
    if (maxsub == 0 || !equally) {
        CHECK_ERR(CL_INVALID_VALUE, clCreateSubDevices(d, eq1, 64, out, &nout));
    }
    if (maxsub == 0 || !counts) {
        cl_device_partition_property bc[] = {CL_DEVICE_PARTITION_BY_COUNTS, 1,
                                             CL_DEVICE_PARTITION_BY_COUNTS_LIST_END, 0};
        CHECK_ERR(CL_INVALID_VALUE, clCreateSubDevices(d, bc, 64, out, &nout));
    }
    if (maxsub == 0 || (!equally && !counts))
        SKIP("device is not partitionable (CL_DEVICE_PARTITION_MAX_SUB_DEVICES %u); the "
             "rejection paths were checked",
             maxsub);
    if (equally && cus >= 2) {
        CHECK_OK(clCreateSubDevices(d, eq1, 0, NULL, &nout));
        cl_uint expect = cus < maxsub ? cus : maxsub;
        CHECK_EQ_U(expect, nout);
        /* "CL_INVALID_VALUE if out_devices is not NULL and num_devices is less than the
         * number of sub-devices created by the partition scheme." */
        if (nout >= 2)
            CHECK_ERR(CL_INVALID_VALUE, clCreateSubDevices(d, eq1, 1, out, NULL));
        if (nout <= 64) {
            cl_uint got = 0;
            REQUIRE_OK(clCreateSubDevices(d, eq1, nout, out, &got));
            CHECK_EQ_U(nout, got);
            for (cl_uint i = 0; i < got; i++) {
                cl_device_id parent = NULL;
                CHECK_OK(clGetDeviceInfo(out[i], CL_DEVICE_PARENT_DEVICE, sizeof(parent), &parent,
                                         NULL));
                CHECK_EQ_P(d, parent);
                CHECK_EQ_U(1, conf_dev_uint(t, out[i], CL_DEVICE_MAX_COMPUTE_UNITS));
                CHECK_EQ_U(1, conf_dev_uint(t, out[i], CL_DEVICE_REFERENCE_COUNT));
                cl_device_partition_property pt[4] = {0};
                size_t ptsz = 0;
                CHECK_OK(clGetDeviceInfo(out[i], CL_DEVICE_PARTITION_TYPE, sizeof(pt), pt, &ptsz));
                CHECK_EQ_U(3 * sizeof(cl_device_partition_property), ptsz);
                CHECK_EQ_I(CL_DEVICE_PARTITION_EQUALLY, pt[0]);
                CHECK_EQ_I(1, pt[1]);
                CHECK_OK(clRetainDevice(out[i]));
                CHECK_EQ_U(2, conf_dev_uint(t, out[i], CL_DEVICE_REFERENCE_COUNT));
                CHECK_OK(clReleaseDevice(out[i]));
                CHECK_EQ_U(1, conf_dev_uint(t, out[i], CL_DEVICE_REFERENCE_COUNT));
            }
            /* a context and a queue on a sub-device work */
            if (got >= 1) {
                cl_int err = 0;
                cl_context c = clCreateContext(NULL, 1, &out[0], NULL, NULL, &err);
                CHECK_OK(err);
                if (c) {
                    cl_command_queue q = clCreateCommandQueueWithProperties(c, out[0], NULL, &err);
                    CHECK_OK(err);
                    /* a device of the platform that is not in this context */
                    cl_command_queue q2 = clCreateCommandQueueWithProperties(c, d, NULL, &err);
                    CHECK_ERR(CL_INVALID_DEVICE, err);
                    CHECK(q2 == NULL);
                    if (q)
                        clReleaseCommandQueue(q);
                    clReleaseContext(c);
                }
            }
            for (cl_uint i = 0; i < got; i++)
                CHECK_OK(clReleaseDevice(out[i]));
        }
    }
    if (counts) {
        /* "CL_INVALID_DEVICE_PARTITION_COUNT if the partition name specified in properties
         * is CL_DEVICE_PARTITION_BY_COUNTS and ... the total number of compute units
         * requested exceeds CL_DEVICE_MAX_COMPUTE_UNITS for in_device" */
        cl_device_partition_property too_many[] = {CL_DEVICE_PARTITION_BY_COUNTS,
                                                   (cl_device_partition_property)cus + 1,
                                                   CL_DEVICE_PARTITION_BY_COUNTS_LIST_END, 0};
        CHECK_ERR(CL_INVALID_DEVICE_PARTITION_COUNT,
                  clCreateSubDevices(d, too_many, 64, out, &nout));
        /* "... or the number of compute units requested for one or more sub-devices is
         * less than zero" */
        cl_device_partition_property neg[] = {CL_DEVICE_PARTITION_BY_COUNTS, -1,
                                              CL_DEVICE_PARTITION_BY_COUNTS_LIST_END, 0};
        CHECK_ERR(CL_INVALID_DEVICE_PARTITION_COUNT, clCreateSubDevices(d, neg, 64, out, &nout));
        cl_device_partition_property one[] = {CL_DEVICE_PARTITION_BY_COUNTS, 1,
                                              CL_DEVICE_PARTITION_BY_COUNTS_LIST_END, 0};
        cl_uint got = 0;
        CHECK_OK(clCreateSubDevices(d, one, 1, out, &got));
        CHECK_EQ_U(1, got);
        if (got == 1) {
            CHECK_EQ_U(1, conf_dev_uint(t, out[0], CL_DEVICE_MAX_COMPUTE_UNITS));
            CHECK_OK(clReleaseDevice(out[0]));
        }
    }
}

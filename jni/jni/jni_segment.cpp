// JNI for dev.libsharedmemory.SegmentNative: one function per lsm::Segment operation.
#include <algorithm>
#include <climits>
#include <cstring>

#include "jni_support.hpp"
#include "lsm/segment.hpp"
#include "segment_copier.hpp"

using lsm::Error;
using lsm::ErrorCode;
using lsm::Segment;
using lsm::jni::guarded;
using lsm::jni::handle_from;
using lsm::jni::handle_of;
using lsm::jni::name_from;
using lsm::jni::SegmentCopier;

namespace {
// A segment size from Java: greater than 0, named in the message.
std::size_t size_from(const std::string& segment_name, jlong size) {
    if (size <= 0)
        throw Error(ErrorCode::invalid_size,
                    "segment '" + segment_name + "': size must be greater than 0, was " + std::to_string(size));
    return static_cast<std::size_t>(size);
}

// Runs body(segment memory at offset) inside the copier's guard, for `length` bytes.
template <typename Body>
void copy_inside(JNIEnv* env, jlong copier_handle, jlong offset, jint length, Body&& body) {
    guarded<int>(env, 0, [&] {
        SegmentCopier& copier = *handle_from<SegmentCopier>(copier_handle);
        lsm::CallScope scope(copier.guard);
        if (!scope.entered()) throw Error(ErrorCode::closed, copier.what + " is closed");
        auto* memory = reinterpret_cast<jbyte*>(lsm::jni::native_range(reinterpret_cast<std::intptr_t>(copier.data),
                                                                       static_cast<jlong>(copier.size), offset, length,
                                                                       copier.what.c_str()));
        lsm::run_watched(copier.watch, copier.what, [&] { body(memory); });
        return 0;
    });
}
}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_SegmentNative_create(JNIEnv* env, jclass, jbyteArray name, jlong size,
                                                                      jboolean persistent, jint mode) {
    return guarded<jlong>(env, 0, [&] {
        const std::string segment_name = name_from(env, name);
        return handle_of(new Segment(Segment::create(segment_name, size_from(segment_name, size), persistent == JNI_TRUE,
                                                     static_cast<unsigned>(mode))));
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_SegmentNative_open(JNIEnv* env, jclass, jbyteArray name, jlong size,
                                                                    jboolean persistent) {
    return guarded<jlong>(env, 0, [&] {
        const std::string segment_name = name_from(env, name);
        return handle_of(new Segment(Segment::open(segment_name, size_from(segment_name, size), persistent == JNI_TRUE)));
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_SegmentNative_openExisting(JNIEnv* env, jclass, jbyteArray name,
                                                                            jboolean persistent) {
    return guarded<jlong>(env, 0, [&] {
        return handle_of(new Segment(Segment::open_existing(name_from(env, name), persistent == JNI_TRUE)));
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_SegmentNative_openOrCreate(JNIEnv* env, jclass, jbyteArray name,
                                                                            jlong size, jboolean persistent, jint mode) {
    return guarded<jlong>(env, 0, [&] {
        const std::string segment_name = name_from(env, name);
        return handle_of(new Segment(Segment::open_or_create(segment_name, size_from(segment_name, size),
                                                             persistent == JNI_TRUE, static_cast<unsigned>(mode))));
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_SegmentNative_created(JNIEnv*, jclass, jlong handle) {
    return handle_from<Segment>(handle)->created() ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_SegmentNative_size(JNIEnv*, jclass, jlong handle) {
    return static_cast<jlong>(handle_from<Segment>(handle)->size());
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_SegmentNative_address(JNIEnv*, jclass, jlong handle) {
    return static_cast<jlong>(reinterpret_cast<std::intptr_t>(handle_from<Segment>(handle)->data()));
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_SegmentNative_newCopier(JNIEnv* env, jclass, jlong handle) {
    return guarded<jlong>(env, 0, [&] {
        return handle_of(new SegmentCopier(*handle_from<Segment>(handle)));
    });
}

// Waits for copies in flight; later ones are refused.
JNIEXPORT void JNICALL Java_dev_libsharedmemory_SegmentNative_closeCopier(JNIEnv*, jclass, jlong copier) {
    handle_from<SegmentCopier>(copier)->guard.close();
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_SegmentNative_freeCopier(JNIEnv*, jclass, jlong copier) {
    delete handle_from<SegmentCopier>(copier);
}

// Copies `length` bytes between the segment at `offset` and native memory at `address` (a
// direct staging buffer the caller filled or will read): one memcpy, no array access.
JNIEXPORT void JNICALL Java_dev_libsharedmemory_SegmentNative_copyAddress(JNIEnv* env, jclass, jlong copier,
                                                                          jlong offset, jlong address, jint length,
                                                                          jboolean to_segment) {
    auto* other = reinterpret_cast<jbyte*>(static_cast<std::intptr_t>(address));
    copy_inside(env, copier, offset, length, [&](jbyte* memory) {
        if (to_segment) std::memcpy(memory, other, static_cast<std::size_t>(length));
        else std::memcpy(other, memory, static_cast<std::size_t>(length));
    });
}

// Copies array[array_offset, array_offset + length) (checked here too) to the segment at
// `offset` (to_segment) or back. Small copies are one region copy; large ones memcpy from the
// pinned array, 1 MiB at a time so a long copy never holds off the GC for long (a region copy
// runs the JVM's element loop, slower than memcpy for large blocks).
JNIEXPORT void JNICALL Java_dev_libsharedmemory_SegmentNative_copy(JNIEnv* env, jclass, jlong copier, jlong offset,
                                                                   jbyteArray array, jint array_offset, jint length,
                                                                   jboolean to_segment) {
    copy_inside(env, copier, offset, length, [&](jbyte* memory) {
        lsm::jni::array_range(env, array, array_offset, length, 1);
        constexpr jint region_limit = 4096;
        constexpr jint chunk = 1 << 20;
        if (length <= region_limit) {
            if (to_segment) env->GetByteArrayRegion(array, array_offset, length, memory);
            else env->SetByteArrayRegion(array, array_offset, length, memory);
            return;
        }
        for (jint done = 0; done < length;) {
            const jint n = std::min(chunk, length - done);
            auto* pinned = static_cast<jbyte*>(env->GetPrimitiveArrayCritical(array, nullptr));
            if (pinned == nullptr) return;  // OutOfMemoryError is pending
            if (to_segment) std::memcpy(memory + done, pinned + array_offset + done, static_cast<std::size_t>(n));
            else std::memcpy(pinned + array_offset + done, memory + done, static_cast<std::size_t>(n));
            env->ReleasePrimitiveArrayCritical(array, pinned, to_segment ? JNI_ABORT : 0);
            done += n;
        }
    });
}

JNIEXPORT jobject JNICALL Java_dev_libsharedmemory_SegmentNative_buffer(JNIEnv* env, jclass, jlong handle) {
    return guarded<jobject>(env, nullptr, [&]() -> jobject {
        Segment* segment = handle_from<Segment>(handle);
        if (segment->size() > static_cast<std::size_t>(INT_MAX))
            throw Error(ErrorCode::invalid_size, "segment '" + segment->name() + "' is " +
                                                     std::to_string(segment->size()) +
                                                     " bytes, too large for one ByteBuffer");
        return env->NewDirectByteBuffer(segment->data(), static_cast<jlong>(segment->size()));
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_SegmentNative_isStale(JNIEnv* env, jclass, jlong handle) {
    return guarded<jboolean>(env, JNI_FALSE,
                             [&] { return handle_from<Segment>(handle)->is_stale() ? JNI_TRUE : JNI_FALSE; });
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_SegmentNative_destroy(JNIEnv* env, jclass, jlong handle) {
    guarded<int>(env, 0, [&] {
        handle_from<Segment>(handle)->destroy();
        return 0;
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_SegmentNative_remove(JNIEnv* env, jclass, jbyteArray name) {
    return guarded<jboolean>(env, JNI_FALSE,
                             [&] { return Segment::remove(name_from(env, name)) ? JNI_TRUE : JNI_FALSE; });
}

// Closes the segment (viewOnClose: 0 unmap, 1 detach, 2 keep) and frees the handle; a
// non-persistent segment removes its name here, as the C++ destructor does.
JNIEXPORT void JNICALL Java_dev_libsharedmemory_SegmentNative_release(JNIEnv*, jclass, jlong handle,
                                                                      jint view_on_close) {
    Segment* segment = handle_from<Segment>(handle);
    segment->close(view_on_close == 1   ? lsm::ViewOnClose::detach
                   : view_on_close == 2 ? lsm::ViewOnClose::keep
                                        : lsm::ViewOnClose::unmap);
    delete segment;
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_SegmentNative_unmapView(JNIEnv*, jclass, jlong address, jlong size) {
    Segment::unmap_view(reinterpret_cast<void*>(static_cast<std::intptr_t>(address)), static_cast<std::size_t>(size));
}

}  // extern "C"

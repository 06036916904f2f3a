#include "common/Error.h"
#include "dicom/PixelDecode.h"

#include <openjpeg.h>

#include <cstring>
#include <memory>

namespace veil {

namespace {

struct MemoryStream {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t pos = 0;
};

OPJ_SIZE_T readFn(void* buffer, OPJ_SIZE_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (m->pos >= m->size)
        return OPJ_SIZE_T(-1);
    const std::size_t count = std::min<std::size_t>(n, m->size - m->pos);
    std::memcpy(buffer, m->data + m->pos, count);
    m->pos += count;
    return count;
}
OPJ_OFF_T skipFn(OPJ_OFF_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    const auto target =
        std::min<std::size_t>(m->size, std::size_t(std::max<OPJ_OFF_T>(0, OPJ_OFF_T(m->pos) + n)));
    const OPJ_OFF_T moved = OPJ_OFF_T(target) - OPJ_OFF_T(m->pos);
    m->pos = target;
    return moved;
}
OPJ_BOOL seekFn(OPJ_OFF_T n, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (n < 0 || std::size_t(n) > m->size)
        return OPJ_FALSE;
    m->pos = std::size_t(n);
    return OPJ_TRUE;
}

struct CodecDeleter {
    void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
    void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
    void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

} // namespace

cv::Mat decodeJpeg2000(const std::uint8_t* data, std::size_t size) {
    if (size < 4)
        throw Error("JPEG 2000 frame is empty");
    const bool jp2 = size >= 12 && data[4] == 'j' && data[5] == 'P';
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(
        opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    if (!opj_setup_decoder(codec.get(), &params))
        throw Error("OpenJPEG could not set up a decoder");

    MemoryStream mem{data, size};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_default_create(OPJ_TRUE));
    opj_stream_set_user_data(stream.get(), &mem, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);
    opj_stream_set_read_function(stream.get(), readFn);
    opj_stream_set_skip_function(stream.get(), skipFn);
    opj_stream_set_seek_function(stream.get(), seekFn);

    opj_image_t* raw = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &raw))
        throw Error("JPEG 2000 header could not be read");
    std::unique_ptr<opj_image_t, ImageDeleter> image(raw);
    if (!opj_decode(codec.get(), stream.get(), image.get()) ||
        !opj_end_decompress(codec.get(), stream.get()))
        throw Error("JPEG 2000 data could not be decoded");

    const int n = int(image->numcomps);
    if (n != 1 && n != 3)
        throw Error("JPEG 2000 with " + std::to_string(n) + " components is not supported");
    const opj_image_comp_t& c0 = image->comps[0];
    const int w = int(c0.w), h = int(c0.h);
    for (int k = 1; k < n; ++k)
        if (int(image->comps[k].w) != w || int(image->comps[k].h) != h)
            throw Error("JPEG 2000 with subsampled components is not supported");
    const bool sgnd = c0.sgnd != 0;
    const int prec = int(c0.prec);
    int depth = prec <= 8 ? (sgnd ? CV_8S : CV_8U) : prec <= 16 ? (sgnd ? CV_16S : CV_16U) : CV_32S;
    cv::Mat out(h, w, CV_MAKETYPE(depth, n));
    for (int y = 0; y < h; ++y) {
        for (int k = 0; k < n; ++k) {
            const OPJ_INT32* src = image->comps[k].data + std::size_t(y) * w;
            switch (depth) {
            case CV_8U: {
                auto* d = out.ptr<uchar>(y) + k;
                for (int x = 0; x < w; ++x)
                    d[x * n] = uchar(src[x]);
                break;
            }
            case CV_8S: {
                auto* d = out.ptr<schar>(y) + k;
                for (int x = 0; x < w; ++x)
                    d[x * n] = schar(src[x]);
                break;
            }
            case CV_16U: {
                auto* d = out.ptr<ushort>(y) + k;
                for (int x = 0; x < w; ++x)
                    d[x * n] = ushort(src[x]);
                break;
            }
            case CV_16S: {
                auto* d = out.ptr<short>(y) + k;
                for (int x = 0; x < w; ++x)
                    d[x * n] = short(src[x]);
                break;
            }
            default: {
                auto* d = out.ptr<int>(y) + k;
                for (int x = 0; x < w; ++x)
                    d[x * n] = src[x];
                break;
            }
            }
        }
    }
    return out;
}

bool isJpeg2000(const std::string& uid) {
    return uid == "1.2.840.10008.1.2.4.90" || uid == "1.2.840.10008.1.2.4.91" ||
           uid == "1.2.840.10008.1.2.4.92" || uid == "1.2.840.10008.1.2.4.93";
}

} // namespace veil

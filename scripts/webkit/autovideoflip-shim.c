/* A GStreamer plugin that registers an element named "autovideoflip" for GStreamer older than 1.24.
 *
 * Why: WebKitGTK 2.44 and later build their MediaRecorder video encoder around an "autovideoflip" element, which
 * gst-plugins-bad only gained in 1.24. Debian bookworm ships GStreamer 1.22, so there every recording with video
 * comes out as an empty Blob. This bin wraps the ordinary "videoflip" element under the expected name and passes
 * its "video-direction" property through. It only handles frames in system memory, which is what WebKit's capture
 * sources hand over. scripts/build-webkit-shim.mjs compiles it; the WebKit test launcher points GST_PLUGIN_PATH at
 * the result. Test-only: nothing in the published package uses it. */
#include <gst/gst.h>
#include <gst/video/video.h>

typedef struct { GstBin parent; GstElement *flip; } ShimAutoVideoFlip;
typedef struct { GstBinClass parent_class; } ShimAutoVideoFlipClass;
G_DEFINE_TYPE (ShimAutoVideoFlip, shim_auto_video_flip, GST_TYPE_BIN)
enum { PROP_0, PROP_VIDEO_DIRECTION };

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-raw(ANY)"));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-raw(ANY)"));

/* The only property WebKit sets is the flip direction: forward it to the inner videoflip. */
static void set_property (GObject *object, guint id, const GValue *value, GParamSpec *spec) {
  ShimAutoVideoFlip *self = (ShimAutoVideoFlip *) object;
  if (id == PROP_VIDEO_DIRECTION) g_object_set_property (G_OBJECT (self->flip), "video-direction", value);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, spec);
}

static void get_property (GObject *object, guint id, GValue *value, GParamSpec *spec) {
  ShimAutoVideoFlip *self = (ShimAutoVideoFlip *) object;
  if (id == PROP_VIDEO_DIRECTION) g_object_get_property (G_OBJECT (self->flip), "video-direction", value);
  else G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, spec);
}

static void shim_auto_video_flip_init (ShimAutoVideoFlip *self) {
  self->flip = gst_element_factory_make ("videoflip", NULL);
  gst_bin_add (GST_BIN (self), self->flip);
  /* The bin's own pads are ghosts of videoflip's, so buffers go straight through it. */
  GstPad *inner_sink = gst_element_get_static_pad (self->flip, "sink");
  GstPad *inner_src = gst_element_get_static_pad (self->flip, "src");
  gst_element_add_pad (GST_ELEMENT (self),
      gst_ghost_pad_new_from_template ("sink", inner_sink, gst_static_pad_template_get (&sink_template)));
  gst_element_add_pad (GST_ELEMENT (self),
      gst_ghost_pad_new_from_template ("src", inner_src, gst_static_pad_template_get (&src_template)));
  gst_object_unref (inner_sink);
  gst_object_unref (inner_src);
}

static void shim_auto_video_flip_class_init (ShimAutoVideoFlipClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  object_class->set_property = set_property;
  object_class->get_property = get_property;
  g_object_class_install_property (object_class, PROP_VIDEO_DIRECTION,
      g_param_spec_enum ("video-direction", "Video direction", "Rotation and flipping, as videoflip's",
          GST_TYPE_VIDEO_ORIENTATION_METHOD, GST_VIDEO_ORIENTATION_IDENTITY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "autovideoflip (shim)", "Filter/Effect/Video",
      "videoflip registered as autovideoflip, for GStreamer < 1.24", "liveness-challenge tests");
}

static gboolean plugin_init (GstPlugin *plugin) {
  return gst_element_register (plugin, "autovideoflip", GST_RANK_NONE, shim_auto_video_flip_get_type ());
}

#define PACKAGE "autovideoflipshim"
GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, autovideoflipshim, "autovideoflip for GStreamer < 1.24",
    plugin_init, "1.0", "LGPL", "autovideoflipshim", "none")

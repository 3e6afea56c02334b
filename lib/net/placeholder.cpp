// placeholder so the library has a source; replaced by the layer's files
namespace podcore::net {}

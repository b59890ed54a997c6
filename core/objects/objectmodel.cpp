#include "objectmodel.h"

#include "modelregistry.h"

namespace lookalike {

Expected<ObjectModel> ObjectModel::load(const ModelRegistry& registry)
{
    const QString id = registry.idForTask(QStringLiteral("object-codebook"));
    if (id.isEmpty())
        return Error{QStringLiteral("the model manifest %1 lists no object codebook "
                                    "(task object-codebook)")
                         .arg(registry.manifestPath())};
    auto spec = registry.model(id);
    if (!spec)
        return Error{spec.error()};
    auto codebook = ObjectCodebook::load(spec->path);
    if (!codebook)
        return Error{codebook.error()};
    ObjectModel model{std::move(*codebook), LocalFeatureExtractor::optionsFrom(*spec), {}};
    model.search.matcher = ObjectMatcher::optionsFrom(*spec);
    model.search.candidates =
        int(spec->threshold(QStringLiteral("candidates"), model.search.candidates));
    return model;
}

} // namespace lookalike

"""Netzbrief content model: the YAML+Markdown reader, the schema and its checks, German slugs, build date."""



def register():
    # Imported here, not with the package: the content check's own process (checkrun.py) imports this package
    # and needs neither Pelican nor the reader.
    from pelican import signals

    from .cache import generator_stamps, save_pending
    from .enrich import image_size, initialized, neighbours, publication_state, readers_init
    from .folders import wait_all as staging_folders_made
    from .keptcache import install as keep_reader_caches
    from .paths import guard_static
    from .tagvariants import unify_articles, unify_pages
    from .trusted import trust_rendered_markdown
    from .validate import forget_checked

    keep_reader_caches()
    signals.initialized.connect(initialized)
    signals.readers_init.connect(readers_init)
    signals.generator_init.connect(generator_stamps)
    signals.content_object_init.connect(trust_rendered_markdown)
    signals.article_generator_context.connect(publication_state)
    signals.page_generator_context.connect(publication_state)
    signals.article_generator_context.connect(image_size)
    signals.page_generator_context.connect(image_size)
    signals.article_generator_pretaxonomy.connect(unify_articles)
    signals.page_generator_finalized.connect(unify_pages)
    signals.article_generator_finalized.connect(neighbours)
    signals.static_generator_finalized.connect(guard_static)
    signals.all_generators_finalized.connect(forget_checked)
    signals.all_generators_finalized.connect(staging_folders_made)
    signals.finalized.connect(save_pending)  # connected before site_search's, which waits for the index

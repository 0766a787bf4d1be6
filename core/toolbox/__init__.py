"""The toolbox (tööriistakast): assessment instruments and guides that help teachers and support
specialists notice a child's needs early and give first support.

An instrument is an ordinary form of the form engine with a `core.registry.ToolboxEntry` (its
area, the ages it fits and its guidance), so it is filled in on a child or inside a case like
any form, switched on and off per municipality like any form, and a county adds its own through
the forms upload without code. Core ships sample instruments (`core.toolbox.instruments`);
the pages are in `core.toolbox.pages`.
"""

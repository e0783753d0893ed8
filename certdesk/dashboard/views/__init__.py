"""Server-rendered instructor pages, one module per area. Each view validates its input
with a form, calls one service or selector, and renders (docs/dashboard.md)."""

"""The lessons' figures, one module per lesson area: a DataFrame in, a `go.Figure` out.

`delegations` (lesson 01), `guarantee_plan` (02), `geography_charts` and `geography_maps` (03) and
`news` (04). What every map shares is in `mapping`, their geometry in `cartography`, small wording
helpers in `words`, and the colours in `palette` and `theme`.
"""

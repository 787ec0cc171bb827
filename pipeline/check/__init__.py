"""What contributors meet: loading case files, the checks, the report and the field reference.

In:  a cases folder (or one file). Out: valid `Case` values and `Problem` values,
reported as text, GitHub annotations, a step summary or JSON.
"""

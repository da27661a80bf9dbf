"""The checks, one package per area; ``registry`` lists them."""

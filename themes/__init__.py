"""Built-in themes, shipped inside the wheel as package data."""

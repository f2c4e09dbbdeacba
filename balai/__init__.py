"""Balai: one public-service desk for every desa and kelurahan of a kabupaten."""

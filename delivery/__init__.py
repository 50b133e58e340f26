"""Delivery of the built site and newsletter: publishing to S3 and sending mail."""

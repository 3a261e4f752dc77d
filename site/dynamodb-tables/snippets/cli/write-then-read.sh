#!/usr/bin/env bash
# Write an item, then read it by its key
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace Music with the name of your table.

# Write the item.
aws dynamodb put-item \
    --table-name Music \
    --item '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}, "AlbumTitle": {"S": "Songs About Life"}}'

# Read it back by its full key.
aws dynamodb get-item \
    --table-name Music \
    --key '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}}'

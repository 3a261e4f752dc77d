# Replace with the name of your table.
table_name = 'Music'

# Write the item.
client.put_item(
  table_name: table_name,
  item: { 'Artist' => { s: 'Acme Band' }, 'SongTitle' => { s: 'Happy Day' }, 'AlbumTitle' => { s: 'Songs About Life' } }
)

# Read it back by its full key.
response = client.get_item(
  table_name: table_name,
  key: { 'Artist' => { s: 'Acme Band' }, 'SongTitle' => { s: 'Happy Day' } }
)
p response.item

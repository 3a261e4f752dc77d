# Replace with the name of your table.
table_name = 'Music'

client.put_item(
  table_name: table_name,
  item: { 'Artist' => { s: 'No One You Know' }, 'SongTitle' => { s: 'Call Me Today' }, 'AlbumTitle' => { s: 'Somewhat Famous' }, 'Year' => { n: '2015' } }
)
